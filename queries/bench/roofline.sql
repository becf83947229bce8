-- requires: bench/points.sql
-- Decode roofline: how close each result's decode step comes to the HBM
-- bandwidth bound. Every decode step reads the weights held by a GPU plus the
-- KV cache of the batch, so (formats.md, "Hardware facts"):
--   step time >= (weight bytes / TP + KV bytes read per GPU) / HBM bandwidth.
-- The step time is taken as the median TPOT (one token per request per step;
-- with speculative decoding a step yields several tokens, so TPOT can beat
-- the bound). hbm_tbps comes from lib/arch/devices.ts at load time; results on
-- unrecognised hardware get NULL bounds.

-- bench_decode_roofline(weight_bytes, kv_bytes_per_token := 0): one row per result with a TPOT.
--   weight_bytes        total bytes of the model weights (all GPUs together)
--   kv_bytes_per_token  KV-cache bytes per token of context, all layers (0 to ignore the KV term)
-- Columns:
--   result_id             INTEGER  bench_results.result_id
--   label                 VARCHAR  build label
--   model                 VARCHAR  model id
--   parallelism           VARCHAR  parallelism name (tp8, dep8 ...)
--   hardware_key          VARCHAR  GPU model, else hardware text
--   isl, osl              INTEGER  configured lengths
--   concurrency           INTEGER  client concurrency (decode batch per replica, at most)
--   tp                    INTEGER  GPUs a token's weights are split over (tp, else gpu_count, else 1)
--   hbm_tbps              DOUBLE   HBM bandwidth of one GPU, TB/s
--   bytes_per_step        DOUBLE   bytes one GPU reads per decode step: weights / tp + KV of the batch
--   min_step_ms           DOUBLE   bandwidth-bound step time, ms
--   achieved_step_ms      DOUBLE   median TPOT, ms
--   bandwidth_efficiency  DOUBLE   min_step_ms / achieved_step_ms (1 = at the roofline)
--   achieved_tbps         DOUBLE   bytes_per_step / achieved step time, TB/s per GPU
--   output_tput           DOUBLE   achieved generated tokens/s
--   output_tput_bound     DOUBLE   generated tokens/s if the whole batch decoded at min_step_ms
--                                  (concurrency × replicas / min step)
CREATE OR REPLACE TEMP MACRO bench_decode_roofline(weight_bytes, kv_bytes_per_token := 0) AS TABLE
WITH steps AS (
  SELECT
    result_id, label, model, parallelism, hardware_key, isl, osl, concurrency, hbm_tbps,
    output_throughput,
    coalesce(tp, gpu_count, 1) AS tp,
    coalesce(gpu_count, tp, 1) / coalesce(tp, gpu_count, 1) AS replicas,
    median_tpot_ms AS achieved_step_ms,
    weight_bytes / coalesce(tp, gpu_count, 1)
      + kv_bytes_per_token * coalesce(concurrency, mean_concurrency, 1)
        * (coalesce(isl, mean_input_len, 0) + coalesce(osl, mean_output_len, 0) / 2.0)
        / coalesce(tp, gpu_count, 1) AS bytes_per_step
  FROM bench_points
  WHERE median_tpot_ms IS NOT NULL
)
SELECT
  result_id, label, model, parallelism, hardware_key, isl, osl, concurrency, tp, hbm_tbps,
  bytes_per_step,
  bytes_per_step / (hbm_tbps * 1e12) * 1e3 AS min_step_ms,
  achieved_step_ms,
  (bytes_per_step / (hbm_tbps * 1e12) * 1e3) / nullif(achieved_step_ms, 0) AS bandwidth_efficiency,
  bytes_per_step / nullif(achieved_step_ms / 1e3, 0) / 1e12 AS achieved_tbps,
  output_throughput AS output_tput,
  coalesce(concurrency, 1) * replicas * 1e3 / nullif(bytes_per_step / (hbm_tbps * 1e12) * 1e3, 0)
    AS output_tput_bound
FROM steps
ORDER BY result_id;
