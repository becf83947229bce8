-- Decode step time and category shares per run, over time.
--
-- Answers: how the decode step of every trace run moved from run to run
-- (median step, GPU busy, idle share, tokens/s) and where its kernel time
-- went, by category, oldest run first. Filter by wrapping it, e.g.
-- `SELECT * FROM (<this query>) WHERE label = 'nightly'`.
-- Parameters: none.
-- Run time: metadata `date` (--meta date=2026-03-02), else the capture
-- manifest's `captured_at`, else the ingest time.
--
-- Columns:
--   run_time          TIMESTAMP  when the run happened (see above)
--   run_id            INTEGER    the run
--   label             VARCHAR    run label
--   model             VARCHAR    metadata `model`, NULL when absent
--   image             VARCHAR    metadata `image` (container image)
--   commit            VARCHAR    metadata `commit`
--   tp                VARCHAR    metadata `tp` (tensor-parallel size)
--   arch              VARCHAR    gfx942 | gfx950 | sm90 ... when known
--   steps             BIGINT     decode steps used (warm-up dropped)
--   step_us           DOUBLE     median decode step on the critical path (µs)
--   busy_us           DOUBLE     median GPU busy time per step (µs)
--   idle_pct          DOUBLE     idle share of decode step time (0–100)
--   batch_size        DOUBLE     median requests per decode step, when the markers say
--   tok_s             DOUBLE     batch_size / median step: generated tokens per second
--   gemm_pct          DOUBLE     GEMM share of decode kernel time (0–100)
--   attention_pct     DOUBLE     Attention share
--   moe_pct           DOUBLE     MoE share
--   allreduce_pct     DOUBLE     collectives' share
--   quantization_pct  DOUBLE     Quantization share
--   other_pct         DOUBLE     Other (norms, activations, copies ...) share
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
steps AS (
  SELECT run_id, count(*) AS steps,
         median(span_ns) / 1000.0 AS step_us,
         median(busy_ns) / 1000.0 AS busy_us,
         100.0 * sum(idle_ns) / nullif(sum(span_ns), 0) AS idle_pct,
         median(batch_size) AS batch_size
  FROM decode_steps WHERE used GROUP BY run_id
),
shares AS (
  SELECT run_id,
         coalesce(sum(pct) FILTER (WHERE category = 'GEMM'), 0) AS gemm_pct,
         coalesce(sum(pct) FILTER (WHERE category = 'Attention'), 0) AS attention_pct,
         coalesce(sum(pct) FILTER (WHERE category = 'MoE'), 0) AS moe_pct,
         coalesce(sum(pct) FILTER (WHERE category = 'AllReduce'), 0) AS allreduce_pct,
         coalesce(sum(pct) FILTER (WHERE category = 'Quantization'), 0) AS quantization_pct,
         coalesce(sum(pct) FILTER (WHERE category = 'Other'), 0) AS other_pct
  FROM decode_categories GROUP BY run_id
)
SELECT f.run_time, f.run_id, f.label, f.model, f.image, f.commit, f.tp, f.arch,
       s.steps, s.step_us, s.busy_us, s.idle_pct, s.batch_size,
       s.batch_size / (s.step_us / 1e6) AS tok_s,
       c.gemm_pct, c.attention_pct, c.moe_pct, c.allreduce_pct, c.quantization_pct, c.other_pct
FROM steps s
JOIN run_facts f USING (run_id)
LEFT JOIN shares c USING (run_id)
ORDER BY f.run_time, f.run_id;
