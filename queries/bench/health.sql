-- Serving health from vLLM server logs (bench_log_capacity, bench_log_series):
-- is time to first token spent queueing or in prefill, does the KV cache
-- saturate, are requests preempted, and does the server hold as many
-- requests as the client keeps in flight? Only "busy" stats lines (a request
-- running or waiting) count, so idle stretches before and after the benchmark
-- do not dilute the shares.

-- bench_log_health: one row per server log.
--   run_id                 INTEGER  the benchmark load
--   log_id                 INTEGER  bench_log_capacity.log_id
--   label                  VARCHAR  build label
--   source_file            VARCHAR  the log file
--   kv_cache_tokens        BIGINT   KV cache capacity in tokens (logged, else blocks × block size,
--                                   else max concurrency × tokens per request)
--   max_num_seqs           INTEGER  scheduler batch limit when logged
--   client_concurrency     INTEGER  client concurrency: the log's own, else the run's results' when
--                                   they agree
--   samples                INTEGER  stats lines
--   busy_samples           INTEGER  stats lines with a request running or waiting
--   mean_running           DOUBLE   mean running requests over busy lines
--   max_running            INTEGER  most running requests
--   mean_waiting           DOUBLE   mean waiting requests over busy lines
--   max_waiting            INTEGER  most waiting requests
--   max_in_system          INTEGER  most running + waiting (+ swapped) requests
--   queued_share           DOUBLE   share of busy lines with a request waiting
--   peak_gpu_kv_pct        DOUBLE   highest GPU KV cache usage, %
--   kv_saturated_share     DOUBLE   share of busy lines with GPU KV cache usage >= 90%
--   mean_prompt_tps        DOUBLE   mean prompt tokens/s over busy lines
--   mean_generation_tps    DOUBLE   mean generated tokens/s over busy lines
--   last_prefix_hit_pct    DOUBLE   prefix cache hit rate on the last line that logs one, %
--   preemptions            BIGINT   cumulative preemptions logged (NULL: none logged)
--   swapped_max            INTEGER  most swapped requests (V0)
--   kv_saturated           BOOLEAN  the KV cache ran at >= 90% for at least 10% of busy time
--   queueing               BOOLEAN  requests waited in at least 25% of busy lines
--   preempting             BOOLEAN  preemptions or swaps were logged
--   admission_limited      BOOLEAN  queueing while fewer requests ran than the client kept in flight
--   admission_limit        VARCHAR  what capped the running batch: max_num_seqs | kv_cache | scheduler
--   client_short           BOOLEAN  the server never held 90% of the client's concurrency (the client
--                                   could not keep its concurrency, or the log covers little load)
--   ttft_cause             VARCHAR  queueing (requests wait before prefill) | prefill (no queue: TTFT is
--                                   prefill compute) | NULL when idle
--   diagnosis              VARCHAR  the findings in words
CREATE OR REPLACE TEMP VIEW bench_log_health AS
WITH busy AS (
  SELECT s.*, (coalesce(s.running, 0) + coalesce(s.waiting, 0)) > 0 AS is_busy
  FROM bench_log_series s
),
agg AS (
  SELECT
    log_id,
    count(*)::INTEGER AS samples,
    count(*) FILTER (WHERE is_busy)::INTEGER AS busy_samples,
    avg(running) FILTER (WHERE is_busy) AS mean_running,
    max(running)::INTEGER AS max_running,
    avg(waiting) FILTER (WHERE is_busy) AS mean_waiting,
    max(waiting)::INTEGER AS max_waiting,
    max(coalesce(running, 0) + coalesce(waiting, 0) + coalesce(swapped, 0))::INTEGER AS max_in_system,
    avg(CASE WHEN waiting > 0 THEN 1.0 ELSE 0.0 END) FILTER (WHERE is_busy) AS queued_share,
    max(gpu_kv_pct) AS peak_gpu_kv_pct,
    avg(CASE WHEN gpu_kv_pct >= 90 THEN 1.0 ELSE 0.0 END) FILTER (WHERE is_busy) AS kv_saturated_share,
    avg(prompt_tps) FILTER (WHERE is_busy) AS mean_prompt_tps,
    avg(generation_tps) FILTER (WHERE is_busy) AS mean_generation_tps,
    arg_max(prefix_hit_pct, line_no) FILTER (WHERE prefix_hit_pct IS NOT NULL) AS last_prefix_hit_pct,
    max(swapped)::INTEGER AS swapped_max
  FROM busy
  GROUP BY log_id
),
run_conc AS (
  SELECT run_id, min(concurrency)::INTEGER AS concurrency
  FROM bench_results
  GROUP BY run_id
  HAVING count(DISTINCT concurrency) = 1
),
joined AS (
  SELECT
    c.run_id, c.log_id, c.label, c.source_file,
    coalesce(c.kv_cache_tokens, c.gpu_blocks * c.block_size,
             round(c.max_concurrency_x * c.max_concurrency_tokens))::BIGINT AS kv_cache_tokens,
    c.max_num_seqs,
    coalesce(c.client_concurrency, rc.concurrency) AS client_concurrency,
    coalesce(a.samples, 0) AS samples, coalesce(a.busy_samples, 0) AS busy_samples,
    a.mean_running, a.max_running, a.mean_waiting, a.max_waiting, a.max_in_system, a.queued_share,
    a.peak_gpu_kv_pct, a.kv_saturated_share, a.mean_prompt_tps, a.mean_generation_tps,
    a.last_prefix_hit_pct, c.preemptions, a.swapped_max
  FROM bench_log_capacity c
  LEFT JOIN agg a ON a.log_id = c.log_id
  LEFT JOIN run_conc rc ON rc.run_id = c.run_id
),
flags AS (
  SELECT
    *,
    coalesce(kv_saturated_share >= 0.10, false) AS kv_saturated,
    coalesce(queued_share >= 0.25, false) AS queueing,
    coalesce(preemptions > 0 OR swapped_max > 0, false) AS preempting
  FROM joined
),
limits AS (
  SELECT
    *,
    coalesce(queueing AND max_running < client_concurrency, false) AS admission_limited,
    CASE
      WHEN NOT queueing THEN NULL
      WHEN max_num_seqs IS NOT NULL AND max_running >= max_num_seqs THEN 'max_num_seqs'
      WHEN kv_saturated OR preempting THEN 'kv_cache'
      ELSE 'scheduler'
    END AS admission_limit,
    coalesce(max_in_system < 0.9 * client_concurrency, false) AS client_short,
    CASE WHEN busy_samples = 0 THEN NULL WHEN queueing THEN 'queueing' ELSE 'prefill' END AS ttft_cause
  FROM flags
)
SELECT
  *,
  concat_ws('; ',
    CASE WHEN busy_samples = 0 THEN 'no busy stats lines' END,
    CASE WHEN queueing THEN format('requests waited in {}% of busy lines (max {} waiting): TTFT includes queueing',
      round(queued_share * 100), max_waiting) END,
    CASE WHEN NOT queueing AND busy_samples > 0 THEN 'no queue: TTFT is prefill time' END,
    CASE WHEN kv_saturated THEN format('KV cache >= 90% in {}% of busy lines (peak {}%)',
      round(kv_saturated_share * 100), peak_gpu_kv_pct) END,
    CASE WHEN preempting THEN format('preemptions logged ({}), swapped max {}', preemptions, swapped_max) END,
    CASE WHEN admission_limited THEN format('at most {} running for client concurrency {}: limited by {}',
      max_running, client_concurrency, admission_limit) END,
    CASE WHEN client_short THEN format('server held at most {} requests for client concurrency {}',
      max_in_system, client_concurrency) END
  ) AS diagnosis
FROM limits;

-- bench_log_timeline: requests in the server and KV cache use over time, for plotting; one row per
-- (log, stats time), the engines of a data-parallel server summed.
--   log_id       INTEGER  bench_log_capacity.log_id
--   label        VARCHAR  build label
--   t_s          DOUBLE   seconds since the log's earliest stats line
--   running      INTEGER  requests running, all engines
--   waiting      INTEGER  requests waiting, all engines
--   in_system    INTEGER  running + waiting (+ swapped)
--   gpu_kv_pct   DOUBLE   highest GPU KV cache usage over the engines, %
CREATE OR REPLACE TEMP VIEW bench_log_timeline AS
SELECT
  s.log_id, c.label, s.t_s,
  sum(s.running)::INTEGER AS running,
  sum(s.waiting)::INTEGER AS waiting,
  sum(coalesce(s.running, 0) + coalesce(s.waiting, 0) + coalesce(s.swapped, 0))::INTEGER AS in_system,
  max(s.gpu_kv_pct) AS gpu_kv_pct
FROM bench_log_series s
JOIN bench_log_capacity c ON c.log_id = s.log_id
GROUP BY s.log_id, c.label, s.t_s
ORDER BY s.log_id, s.t_s;
