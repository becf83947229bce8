-- Benchmark results with the derived quantities every benchmark view uses.
-- Reads bench_results (queries/schema.sql); latencies ms, throughputs tok/s.

-- bench_points: one row per benchmark result.
--   every bench_results column (see queries/schema.sql), plus:
--   hardware_key         VARCHAR  GPU model when recognised, else the hardware text (for comparing runs)
--   per_gpu_tput         DOUBLE   total tokens/s per GPU: reported, else total_throughput / gpu_count
--   per_gpu_output_tput  DOUBLE   generated tokens/s per GPU: reported, else output_throughput / gpu_count
--   tok_s_per_user       DOUBLE   interactivity, tokens/s per user: reported, else 1000 / median TPOT ms
--                                 (else 1000 / mean TPOT ms)
--   request_rate_text    VARCHAR  offered request rate as text: 'inf' when unthrottled, NULL when unknown
--   capacity_point       BOOLEAN  true when the throughput measures capacity: not rate-limited and no
--                                 failed requests
CREATE OR REPLACE TEMP VIEW bench_points AS
SELECT
  r.*,
  coalesce(r.gpu_model, r.hardware) AS hardware_key,
  coalesce(r.tput_per_gpu, r.total_throughput / nullif(r.gpu_count, 0)) AS per_gpu_tput,
  coalesce(r.output_tput_per_gpu, r.output_throughput / nullif(r.gpu_count, 0)) AS per_gpu_output_tput,
  coalesce(r.interactivity, 1000.0 / nullif(r.median_tpot_ms, 0), 1000.0 / nullif(r.mean_tpot_ms, 0))
    AS tok_s_per_user,
  CASE WHEN r.request_rate = 'inf'::DOUBLE THEN 'inf' ELSE CAST(r.request_rate AS VARCHAR) END
    AS request_rate_text,
  (NOT coalesce(r.rate_limited, false) AND coalesce(r.failed, 0) = 0) AS capacity_point
FROM bench_results r;
