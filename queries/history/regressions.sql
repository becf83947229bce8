-- Regressions between consecutive runs of a label.
--
-- Answers: for every label with several trace runs (a nightly, a CI job), in
-- time order, what got slower from one run to the next: the median decode
-- step, the median GPU busy time per step, or one category's time per step,
-- beyond a threshold. Each row names both runs with their commit and image
-- so the change that caused it can be found. A change must also exceed
-- 1 µs per step (as in the A/B comparison) to count.
-- Parameters:
--   $threshold  percent slower that counts as a regression, e.g. 5
-- Run time: metadata `date`, else `captured_at`, else the ingest time.
--
-- Columns:
--   label         VARCHAR    the series' label
--   prev_run      INTEGER    the earlier run of the pair
--   run_id        INTEGER    the later run
--   prev_time     TIMESTAMP  when the earlier run happened
--   run_time      TIMESTAMP  when the later run happened
--   prev_commit   VARCHAR    metadata `commit` of the earlier run
--   commit        VARCHAR    ...of the later run
--   prev_image    VARCHAR    metadata `image` of the earlier run
--   image         VARCHAR    ...of the later run
--   metric        VARCHAR    step | busy | a category (GEMM, Attention, MoE, AllReduce, Quantization, Other)
--   prev_us       DOUBLE     earlier value, µs per step (0 when the category is new)
--   us            DOUBLE     later value, µs per step
--   delta_us      DOUBLE     us - prev_us
--   delta_pct     DOUBLE     change in percent of prev_us (NULL when new); + is slower
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
metrics AS (
  SELECT run_id, 'step' AS metric, median(span_ns) / 1000.0 AS us FROM decode_steps WHERE used GROUP BY run_id
  UNION ALL
  SELECT run_id, 'busy', median(busy_ns) / 1000.0 FROM decode_steps WHERE used GROUP BY run_id
  UNION ALL
  SELECT run_id, category, us_per_step FROM decode_categories
),
series AS (
  SELECT f.*, lag(f.run_id) OVER (PARTITION BY f.label ORDER BY f.run_time, f.run_id) AS prev_run
  FROM run_facts f
  WHERE f.run_id IN (SELECT run_id FROM decode_steps WHERE used)
)
SELECT s.label, s.prev_run, s.run_id, p.run_time AS prev_time, s.run_time,
       p.commit AS prev_commit, s.commit, p.image AS prev_image, s.image,
       m.metric,
       coalesce(pm.us, 0) AS prev_us,
       m.us,
       m.us - coalesce(pm.us, 0) AS delta_us,
       100.0 * (m.us - pm.us) / nullif(pm.us, 0) AS delta_pct
FROM series s
JOIN run_facts p ON p.run_id = s.prev_run
JOIN metrics m ON m.run_id = s.run_id
LEFT JOIN metrics pm ON pm.run_id = s.prev_run AND pm.metric = m.metric
WHERE m.us - coalesce(pm.us, 0) > 1.0
  AND (pm.us IS NULL OR 100.0 * (m.us - pm.us) / pm.us > CAST($threshold AS DOUBLE))
ORDER BY s.label, s.run_time, s.run_id, m.metric;
