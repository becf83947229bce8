/**
 * The `run_facts` common table expression every saved history query starts
 * with (queries/history/*.sql hold it verbatim, so each file runs on its own
 * with `deno task sql`), and the Parquet export partitions by: when a run
 * happened and the metadata history groups on.
 *
 * A run's time is its `date` metadata (`--meta date=2026-03-02`), else the
 * capture manifest's `captured_at`, else the time it was ingested.
 *
 * @module
 */

/** The CTE body, as written in every queries/history/*.sql after `WITH`. */
export const RUN_FACTS_CTE = `run_facts AS (
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
)`;
