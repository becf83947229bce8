-- Serving benchmark throughput per configuration, over time.
--
-- Answers: for every benchmark configuration (model, GPU, ISL/OSL,
-- parallelism, concurrency, request rate), how throughput and latency moved
-- from one benchmark run to the next, oldest first, with the change from the
-- previous run of the same configuration. Repeated results of a
-- configuration within one run are summarised by their median.
-- Parameters: none.
-- Run time: the client's own clock (finished_at) when the results carry it,
-- else metadata `date`, else `captured_at`, else the ingest time.
--
-- Columns:
--   model              VARCHAR    model id
--   hardware           VARCHAR    GPU model when recognised, else the hardware text
--   isl                INTEGER    configured input length (NULL: dataset-driven)
--   osl                INTEGER    configured output length
--   parallelism        VARCHAR    tp8, dep8, tp4_pp2 ... as given
--   tp                 INTEGER    tensor-parallel size
--   concurrency        INTEGER    client concurrency (NULL: unbounded)
--   request_rate       VARCHAR    offered request rate, 'inf' when unthrottled
--   run_time           TIMESTAMP  when the benchmark ran (see above)
--   run_id             INTEGER    the benchmark run
--   label              VARCHAR    build label of the results
--   image              VARCHAR    container image (results, else metadata)
--   results            BIGINT     results summarised
--   output_throughput  DOUBLE     generated tokens/s (median)
--   per_gpu_tput       DOUBLE     total tokens/s per GPU (median)
--   median_tpot_ms     DOUBLE     median time per output token, ms (median)
--   median_ttft_ms     DOUBLE     median time to first token, ms (median)
--   change_pct         DOUBLE     output_throughput change from the previous run of this configuration (%)
WITH run_facts AS (
  -- one row per run: when it happened and the metadata history groups on
  SELECT r.run_id, r.label, r.arch, r.source_format,
         coalesce(try_cast(max(m.value) FILTER (WHERE m.key = 'date') AS TIMESTAMP),
                  try_cast(max(m.value) FILTER (WHERE m.key = 'captured_at') AS TIMESTAMP),
                  r.ingested_at) AS run_time,
         max(m.value) FILTER (WHERE m.key = 'model') AS model,
         max(m.value) FILTER (WHERE m.key = 'image') AS image,
         max(m.value) FILTER (WHERE m.key = 'commit') AS commit,
         max(m.value) FILTER (WHERE m.key = 'tp') AS tp
  FROM runs r LEFT JOIN run_meta m ON m.run_id = r.run_id
  GROUP BY r.run_id, r.label, r.arch, r.source_format, r.ingested_at
),
points AS (
  SELECT p.model, p.hardware_key AS hardware, p.isl, p.osl, p.parallelism, p.tp, p.concurrency,
         p.request_rate_text AS request_rate, p.run_id,
         coalesce(min(try_cast(p.finished_at AS TIMESTAMP)), any_value(f.run_time)) AS run_time,
         any_value(p.label) AS label,
         coalesce(any_value(p.image), any_value(f.image)) AS image,
         count(*) AS results,
         median(p.output_throughput) AS output_throughput,
         median(p.per_gpu_tput) AS per_gpu_tput,
         median(p.median_tpot_ms) AS median_tpot_ms,
         median(p.median_ttft_ms) AS median_ttft_ms
  FROM bench_points p JOIN run_facts f USING (run_id)
  GROUP BY ALL
)
SELECT *,
       100.0 * (output_throughput - lag(output_throughput) OVER w) / nullif(lag(output_throughput) OVER w, 0)
         AS change_pct
FROM points
WINDOW w AS (PARTITION BY model, hardware, isl, osl, parallelism, tp, concurrency, request_rate
             ORDER BY run_time, run_id)
ORDER BY model, hardware, isl, osl, parallelism, tp, concurrency, request_rate, run_time, run_id;
