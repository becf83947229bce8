-- requires: bench/points.sql
-- Throughput per GPU against interactivity (tokens/s per user), the
-- InferenceX view of a serving configuration: each point trades one for the
-- other as concurrency grows. A point is on the Pareto front when no other
-- point of the same model, ISL and OSL is at least as good on both axes and
-- better on one. Rate-limited points and points with failed requests measure
-- the offered load, not capacity, and never join a front.

-- bench_pareto: one row per benchmark result with both axes known.
--   result_id        INTEGER  bench_results.result_id
--   label            VARCHAR  build label
--   model            VARCHAR  model id
--   hardware_key     VARCHAR  GPU model, else hardware text
--   isl, osl         INTEGER  configured input / output length (NULL: dataset-driven)
--   parallelism      VARCHAR  parallelism name
--   tp               INTEGER  tensor-parallel size
--   concurrency      INTEGER  client concurrency
--   per_gpu_tput     DOUBLE   total tokens/s per GPU (x axis)
--   tok_s_per_user   DOUBLE   interactivity, tokens/s per user (y axis)
--   capacity_point   BOOLEAN  unthrottled and free of failures (eligible for a front)
--   on_label_front   BOOLEAN  on the Pareto front of its own label
--   on_front         BOOLEAN  on the Pareto front across all labels
CREATE OR REPLACE TEMP VIEW bench_pareto AS
WITH pts AS (
  SELECT result_id, label, model, hardware_key, isl, osl, parallelism, tp, concurrency,
         per_gpu_tput, tok_s_per_user, capacity_point
  FROM bench_points
  WHERE per_gpu_tput IS NOT NULL AND tok_s_per_user IS NOT NULL
)
SELECT
  p.*,
  p.capacity_point AND NOT EXISTS (
    SELECT 1 FROM pts q
    WHERE q.capacity_point AND q.result_id <> p.result_id AND q.label = p.label
      AND q.model IS NOT DISTINCT FROM p.model
      AND q.isl IS NOT DISTINCT FROM p.isl AND q.osl IS NOT DISTINCT FROM p.osl
      AND q.per_gpu_tput >= p.per_gpu_tput AND q.tok_s_per_user >= p.tok_s_per_user
      AND (q.per_gpu_tput > p.per_gpu_tput OR q.tok_s_per_user > p.tok_s_per_user)
  ) AS on_label_front,
  p.capacity_point AND NOT EXISTS (
    SELECT 1 FROM pts q
    WHERE q.capacity_point AND q.result_id <> p.result_id
      AND q.model IS NOT DISTINCT FROM p.model
      AND q.isl IS NOT DISTINCT FROM p.isl AND q.osl IS NOT DISTINCT FROM p.osl
      AND q.per_gpu_tput >= p.per_gpu_tput AND q.tok_s_per_user >= p.tok_s_per_user
      AND (q.per_gpu_tput > p.per_gpu_tput OR q.tok_s_per_user > p.tok_s_per_user)
  ) AS on_front
FROM pts p;
