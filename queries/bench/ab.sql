-- requires: bench/points.sql
-- A/B comparison of two build labels at the matrix points they share (same
-- ISL, OSL, concurrency and request rate). Ratios are oriented so that > 1
-- means the candidate is better: candidate/baseline for throughput,
-- baseline/candidate for latency. A throughput loss beyond 5% or a latency
-- increase beyond 10% is flagged as a regression: each ratio has its own flag;
-- `regressed` sums up the headline ones (generated tokens/s, median TTFT,
-- median TPOT), `report --bench` highlights and gates on every flag.

-- _bench_label_points: one row per (label, isl, osl, concurrency, request_rate); medians over
-- repeated results.
--   label, isl, osl, concurrency, request_rate  the point (see bench_points)
--   results              INTEGER  results at the point
--   output_throughput    DOUBLE   generated tokens/s
--   total_throughput     DOUBLE   prompt + generated tokens/s
--   per_gpu_tput         DOUBLE   total tokens/s per GPU
--   median_ttft_ms       DOUBLE   median TTFT, ms
--   p99_ttft_ms          DOUBLE   p99 TTFT, ms
--   median_tpot_ms       DOUBLE   median TPOT, ms
--   p99_tpot_ms          DOUBLE   p99 TPOT, ms
--   mean_output_len      DOUBLE   measured mean output length, tokens
--   rate_limited         BOOLEAN  some result had a finite request rate
--   failed               BIGINT   failed requests over the results (NULL when unknown)
--   ignore_eos_off       BOOLEAN  some result ran without --ignore-eos
--   ignore_eos_unknown   BOOLEAN  some result does not say whether --ignore-eos was used
--   hardware_key         VARCHAR  distinct hardware of the results, comma-separated (NULL: unknown)
--   model                VARCHAR  distinct models of the results, comma-separated
--   gpu_count            INTEGER  largest GPU count of the results
CREATE OR REPLACE TEMP VIEW _bench_label_points AS
SELECT
  label, isl, osl, concurrency, request_rate,
  count(*)::INTEGER AS results,
  median(output_throughput) AS output_throughput,
  median(total_throughput) AS total_throughput,
  median(per_gpu_tput) AS per_gpu_tput,
  median(median_ttft_ms) AS median_ttft_ms,
  median(p99_ttft_ms) AS p99_ttft_ms,
  median(median_tpot_ms) AS median_tpot_ms,
  median(p99_tpot_ms) AS p99_tpot_ms,
  median(mean_output_len) AS mean_output_len,
  bool_or(coalesce(rate_limited, false)) AS rate_limited,
  sum(failed)::BIGINT AS failed,
  bool_or(ignore_eos = false) AS ignore_eos_off,
  bool_or(ignore_eos IS NULL) AS ignore_eos_unknown,
  string_agg(DISTINCT hardware_key, ', ' ORDER BY hardware_key) AS hardware_key,
  string_agg(DISTINCT model, ', ' ORDER BY model) AS model,
  max(gpu_count)::INTEGER AS gpu_count
FROM bench_points
GROUP BY label, isl, osl, concurrency, request_rate;

-- bench_ab(baseline, candidate): one row per matrix point both labels measured.
--   isl, osl, concurrency, request_rate  the shared point
--   baseline_results, candidate_results  INTEGER  results behind each side
--   baseline_output_tput, candidate_output_tput  DOUBLE  generated tokens/s
--   output_tput_ratio    DOUBLE   candidate / baseline generated tokens/s
--   total_tput_ratio     DOUBLE   candidate / baseline total tokens/s
--   per_gpu_tput_ratio   DOUBLE   candidate / baseline total tokens/s per GPU
--   baseline_median_ttft_ms, candidate_median_ttft_ms  DOUBLE  median TTFT, ms
--   median_ttft_ratio    DOUBLE   baseline / candidate median TTFT (> 1: candidate faster)
--   p99_ttft_ratio       DOUBLE   baseline / candidate p99 TTFT
--   baseline_median_tpot_ms, candidate_median_tpot_ms  DOUBLE  median TPOT, ms
--   median_tpot_ratio    DOUBLE   baseline / candidate median TPOT (> 1: candidate faster)
--   p99_tpot_ratio       DOUBLE   baseline / candidate p99 TPOT
--   throughput_regressed BOOLEAN  candidate generated tokens/s more than 5% below baseline
--   ttft_regressed       BOOLEAN  candidate median TTFT more than 10% above baseline
--   tpot_regressed       BOOLEAN  candidate median TPOT more than 10% above baseline
--   total_tput_regressed BOOLEAN  candidate total tokens/s more than 5% below baseline
--   p99_ttft_regressed   BOOLEAN  candidate p99 TTFT more than 10% above baseline
--   p99_tpot_regressed   BOOLEAN  candidate p99 TPOT more than 10% above baseline
--   regressed            BOOLEAN  throughput_regressed, ttft_regressed or tpot_regressed
--   improved             BOOLEAN  throughput more than 5% up or a median latency more than 10%
--                                 down, and nothing regressed
CREATE OR REPLACE TEMP MACRO bench_ab(baseline, candidate) AS TABLE
WITH pairs AS (
  SELECT
    b.isl, b.osl, b.concurrency, b.request_rate,
    b.results AS baseline_results, c.results AS candidate_results,
    b.output_throughput AS baseline_output_tput, c.output_throughput AS candidate_output_tput,
    c.output_throughput / nullif(b.output_throughput, 0) AS output_tput_ratio,
    c.total_throughput / nullif(b.total_throughput, 0) AS total_tput_ratio,
    c.per_gpu_tput / nullif(b.per_gpu_tput, 0) AS per_gpu_tput_ratio,
    b.median_ttft_ms AS baseline_median_ttft_ms, c.median_ttft_ms AS candidate_median_ttft_ms,
    b.median_ttft_ms / nullif(c.median_ttft_ms, 0) AS median_ttft_ratio,
    b.p99_ttft_ms / nullif(c.p99_ttft_ms, 0) AS p99_ttft_ratio,
    b.median_tpot_ms AS baseline_median_tpot_ms, c.median_tpot_ms AS candidate_median_tpot_ms,
    b.median_tpot_ms / nullif(c.median_tpot_ms, 0) AS median_tpot_ratio,
    b.p99_tpot_ms / nullif(c.p99_tpot_ms, 0) AS p99_tpot_ratio,
    coalesce(c.output_throughput < 0.95 * b.output_throughput, false) AS throughput_regressed,
    coalesce(c.median_ttft_ms > 1.10 * b.median_ttft_ms, false) AS ttft_regressed,
    coalesce(c.median_tpot_ms > 1.10 * b.median_tpot_ms, false) AS tpot_regressed,
    coalesce(c.total_throughput < 0.95 * b.total_throughput, false) AS total_tput_regressed,
    coalesce(c.p99_ttft_ms > 1.10 * b.p99_ttft_ms, false) AS p99_ttft_regressed,
    coalesce(c.p99_tpot_ms > 1.10 * b.p99_tpot_ms, false) AS p99_tpot_regressed,
    coalesce(c.output_throughput > 1.05 * b.output_throughput, false)
      OR coalesce(c.median_ttft_ms < b.median_ttft_ms / 1.10, false)
      OR coalesce(c.median_tpot_ms < b.median_tpot_ms / 1.10, false) AS better_somewhere
  FROM _bench_label_points b
  JOIN _bench_label_points c
    ON b.isl IS NOT DISTINCT FROM c.isl AND b.osl IS NOT DISTINCT FROM c.osl
   AND b.concurrency IS NOT DISTINCT FROM c.concurrency
   AND b.request_rate IS NOT DISTINCT FROM c.request_rate
  WHERE b.label = baseline AND c.label = candidate
)
SELECT
  * EXCLUDE (better_somewhere),
  (throughput_regressed OR ttft_regressed OR tpot_regressed) AS regressed,
  (better_somewhere AND NOT (throughput_regressed OR ttft_regressed OR tpot_regressed)) AS improved
FROM pairs
ORDER BY isl NULLS FIRST, osl NULLS FIRST, concurrency NULLS FIRST, request_rate NULLS FIRST;
