-- requires: bench/points.sql
-- The benchmark matrix: per (ISL, OSL), throughput and latency by concurrency
-- and parallelism, one row per build label and matrix point. Repeated results
-- at one point are summarised by their median.

-- bench_matrix: one row per (label, model, hardware, isl, osl, tp, pp, parallelism, concurrency,
-- request rate).
--   label               VARCHAR  build label
--   model               VARCHAR  model id
--   hardware_key        VARCHAR  GPU model, else hardware text
--   isl                 INTEGER  configured input length (NULL: dataset-driven)
--   osl                 INTEGER  configured output length (NULL: dataset-driven)
--   tp                  INTEGER  tensor-parallel size
--   pp                  INTEGER  pipeline-parallel size
--   parallelism         VARCHAR  parallelism name (tp8, dep8, tep8, tp4_pp2 ...)
--   concurrency         INTEGER  client concurrency (NULL: unbounded)
--   request_rate        DOUBLE   offered request rate, req/s (+inf: unthrottled)
--   results             INTEGER  results summarised in this row
--   output_throughput   DOUBLE   generated tokens/s (median over results)
--   total_throughput    DOUBLE   prompt + generated tokens/s (median)
--   per_gpu_tput        DOUBLE   total tokens/s per GPU (median)
--   median_ttft_ms      DOUBLE   median time to first token, ms (median over results)
--   p99_ttft_ms         DOUBLE   p99 time to first token, ms (median over results)
--   median_tpot_ms      DOUBLE   median time per output token, ms (median over results)
--   p99_tpot_ms         DOUBLE   p99 time per output token, ms (median over results)
--   tok_s_per_user      DOUBLE   interactivity, tokens/s per user (median)
--   capacity_point      BOOLEAN  every result is unthrottled and free of failures
CREATE OR REPLACE TEMP VIEW bench_matrix AS
SELECT
  label, model, hardware_key, isl, osl, tp, pp, parallelism, concurrency, request_rate,
  count(*)::INTEGER AS results,
  median(output_throughput) AS output_throughput,
  median(total_throughput) AS total_throughput,
  median(per_gpu_tput) AS per_gpu_tput,
  median(median_ttft_ms) AS median_ttft_ms,
  median(p99_ttft_ms) AS p99_ttft_ms,
  median(median_tpot_ms) AS median_tpot_ms,
  median(p99_tpot_ms) AS p99_tpot_ms,
  median(tok_s_per_user) AS tok_s_per_user,
  bool_and(capacity_point) AS capacity_point
FROM bench_points
GROUP BY label, model, hardware_key, isl, osl, tp, pp, parallelism, concurrency, request_rate;
