-- The fix ladder: a series of runs, each with its tokens/s and its percentage
-- of a reference run.
--
-- Answers: in a debugging campaign where each fix is validated in turn
-- (baseline → fix 1 → fix 2 ...), how much each rung delivers and how far it
-- is from the reference (the baseline, or the target to reach). Tokens/s of a
-- trace run is its batch size over its median decode step; when benchmark
-- results are linked to the run (deno task bench-load --link RUN, run_meta
-- linked_run_id), their best output throughput is reported beside it and
-- used. Percentages compare like with like: benchmark with benchmark, decode
-- with decode.
-- Parameters:
--   $runs       the rungs in order, comma-separated run labels or ids
--               (a label means its newest run), e.g. baseline,fix-hipblaslt,4
--   $reference  the reference run, a label or id (need not be a rung)
-- Run time: metadata `date`, else `captured_at`, else the ingest time.
--
-- Columns:
--   rung              INTEGER    1-based position in $runs
--   run_id            INTEGER    the run
--   label             VARCHAR    run label
--   run_time          TIMESTAMP  when the run happened
--   commit            VARCHAR    metadata `commit`
--   image             VARCHAR    metadata `image`
--   step_us           DOUBLE     median decode step (µs)
--   batch_size        DOUBLE     requests per decode step (markers, else metadata batch_size / batch)
--   decode_tok_s      DOUBLE     batch_size / median step: tokens per second
--   bench_tok_s       DOUBLE     best output tokens/s of the linked benchmark results, NULL when none
--   tok_s             DOUBLE     bench_tok_s when linked, else decode_tok_s
--   tok_s_source      VARCHAR    benchmark | decode
--   pct_of_reference  DOUBLE     tok_s as a percentage of the reference's (same source); NULL when it has none
--   gain_pct          DOUBLE     change of tok_s from the previous rung (same source), percent
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
wanted AS (
  SELECT trim(unnest(l)) AS ref, generate_subscripts(l, 1) AS rung
  FROM (SELECT string_split($runs, ',') AS l)
),
resolved AS (
  SELECT w.rung,
         coalesce(
           (SELECT f.run_id FROM run_facts f WHERE CAST(f.run_id AS VARCHAR) = w.ref),
           (SELECT max(f.run_id) FROM run_facts f WHERE f.label = w.ref)
         ) AS run_id
  FROM wanted w
),
decode AS (
  SELECT s.run_id, median(s.span_ns) / 1000.0 AS step_us,
         coalesce(median(s.batch_size),
                  any_value(try_cast((SELECT max(m.value) FROM run_meta m
                                      WHERE m.run_id = s.run_id AND m.key IN ('batch_size', 'batch')) AS DOUBLE)))
           AS batch_size
  FROM decode_steps s WHERE s.used GROUP BY s.run_id
),
bench AS (
  SELECT try_cast(m.value AS INTEGER) AS run_id, max(b.output_throughput) AS bench_tok_s
  FROM run_meta m JOIN bench_results b ON b.run_id = m.run_id
  WHERE m.key = 'linked_run_id'
  GROUP BY 1
),
perf AS (
  SELECT f.run_id, f.label, f.run_time, f.commit, f.image, d.step_us, d.batch_size,
         d.batch_size / (d.step_us / 1e6) AS decode_tok_s, b.bench_tok_s
  FROM run_facts f LEFT JOIN decode d USING (run_id) LEFT JOIN bench b USING (run_id)
),
reference AS (
  SELECT * FROM perf
  WHERE run_id = coalesce(
    (SELECT f.run_id FROM run_facts f WHERE CAST(f.run_id AS VARCHAR) = trim($reference)),
    (SELECT max(f.run_id) FROM run_facts f WHERE f.label = trim($reference)))
),
rungs AS (
  SELECT r.rung, p.*,
         coalesce(p.bench_tok_s, p.decode_tok_s) AS tok_s,
         CASE WHEN p.bench_tok_s IS NOT NULL THEN 'benchmark' WHEN p.decode_tok_s IS NOT NULL THEN 'decode' END
           AS tok_s_source,
         CASE WHEN p.bench_tok_s IS NOT NULL THEN 100.0 * p.bench_tok_s / nullif(ref.bench_tok_s, 0)
              ELSE 100.0 * p.decode_tok_s / nullif(ref.decode_tok_s, 0) END AS pct_of_reference
  FROM resolved r JOIN perf p USING (run_id) LEFT JOIN reference ref ON true
)
SELECT rung, run_id, label, run_time, commit, image, step_us, batch_size, decode_tok_s, bench_tok_s,
       tok_s, tok_s_source, pct_of_reference,
       CASE WHEN lag(tok_s_source) OVER w = tok_s_source
            THEN 100.0 * (tok_s - lag(tok_s) OVER w) / nullif(lag(tok_s) OVER w, 0) END AS gain_pct
FROM rungs
WINDOW w AS (ORDER BY rung)
ORDER BY rung;
