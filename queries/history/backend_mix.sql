-- Backend mix over time.
--
-- Answers: which library or code generator ran each category's kernels in
-- every trace run, in time order, and how much of the category it took —
-- the history of dispatch changes (Triton → hipBLASLt, RCCL → custom
-- all-reduce, a fallback to torch) across builds.
-- Parameters: none.
-- Run time: metadata `date`, else `captured_at`, else the ingest time.
--
-- Columns:
--   run_time          TIMESTAMP  when the run happened
--   run_id            INTEGER    the run
--   label             VARCHAR    run label
--   commit            VARCHAR    metadata `commit`
--   image             VARCHAR    metadata `image`
--   category          VARCHAR    kernel category
--   backend           VARCHAR    backend within the category (hipBLASLt, Triton, RCCL, custom ...)
--   us_per_step       DOUBLE     µs per decode step and rank in this backend
--   calls_per_step    DOUBLE     kernel calls per decode step and rank
--   pct               DOUBLE     share of all decode kernel time (0–100)
--   category_pct      DOUBLE     share of the category's decode time (0–100)
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
)
SELECT f.run_time, f.run_id, f.label, f.commit, f.image,
       b.category, b.backend, b.us_per_step, b.calls_per_step, b.pct,
       100.0 * b.us_per_step / nullif(sum(b.us_per_step) OVER (PARTITION BY b.run_id, b.category), 0)
         AS category_pct
FROM decode_backends b
JOIN run_facts f USING (run_id)
ORDER BY f.run_time, f.run_id, b.category, b.backend;
