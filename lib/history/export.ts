/**
 * Exporting a store as Parquet for querying at scale (DuckDB, MotherDuck,
 * Trino, Spark over object storage): every canonical table, partitioned by
 * run date and arch where its rows belong to a run, and optionally the
 * decode analysis tables. The layout is described in lake.ts. Writing files
 * needs the native engine.
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { UsageError } from "../cli/errors.ts";
import { loadViews } from "../store/views.ts";
import { ANALYSIS_FOLDER, PARTITION_COLUMNS } from "./lake.ts";
import { sqlIdent, sqlString } from "../db/quote.ts";
import { RUN_FACTS_CTE } from "./run_facts.ts";

/** Analysis tables exported with `analysis: true` (computed for every run). */
export const ANALYSIS_TABLES = [
  "decode_steps",
  "decode_categories",
  "decode_backends",
  "decode_subkinds",
  "decode_kernels",
  "decode_findings",
  "bench_points",
] as const;

/** Options for {@link exportParquet}. */
export interface ExportOptions {
  /** Also export the decode analysis tables under `analysis/`. */
  analysis?: boolean;
  /** Replace the table folders of an earlier export in the same place. */
  overwrite?: boolean;
}

/** One exported table. */
export interface ExportedTable {
  /** Table name (analysis tables prefixed `analysis/`). */
  table: string;
  /** Rows written. */
  rows: number;
  /** Parquet files written. */
  files: number;
  /** True when partitioned by run date and arch. */
  partitioned: boolean;
}

async function columnsOf(engine: Engine, table: string): Promise<string[]> {
  return (await engine.query<{ column_name: string }>(`DESCRIBE SELECT * FROM ${sqlIdent(table)}`))
    .map((r) => r.column_name);
}

async function isEmpty(engine: Engine, table: string): Promise<boolean> {
  return (await engine.query(`SELECT 1 FROM ${sqlIdent(table)} LIMIT 1`)).length === 0;
}

async function countFiles(folder: string): Promise<number> {
  let n = 0;
  for await (const e of Deno.readDir(folder)) {
    if (e.isDirectory) n += await countFiles(`${folder}/${e.name}`);
    else if (e.name.endsWith(".parquet")) n++;
  }
  return n;
}

async function folderIsEmpty(dir: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(dir)) return false;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return true;
    throw e;
  }
  return true;
}

/** Write one table (or analysis view) into `folder`. */
async function exportTable(engine: Engine, table: string, folder: string): Promise<ExportedTable> {
  const cols = await columnsOf(engine, table);
  const rows =
    (await engine.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${sqlIdent(table)}`))[0]
      .n;
  await Deno.mkdir(folder, { recursive: true });
  const t = sqlIdent(table);
  let source: string | null = null;
  if (cols.includes("run_id")) {
    source =
      `SELECT t.*, p.run_date, p.run_arch FROM ${t} t LEFT JOIN _export_partitions p USING (run_id)`;
  } else if (cols.includes("result_id")) {
    source = `SELECT t.*, p.run_date, p.run_arch FROM ${t} t
              LEFT JOIN bench_results b ON b.result_id = t.result_id
              LEFT JOIN _export_partitions p ON p.run_id = b.run_id`;
  }
  const partitioned = source !== null && !(await isEmpty(engine, table));
  if (partitioned) {
    await engine.exec(
      `COPY (${source}) TO ${sqlString(folder)} (FORMAT parquet, PARTITION_BY (${
        PARTITION_COLUMNS.join(", ")
      }))`,
    );
  } else {
    await engine.exec(
      `COPY (SELECT * FROM ${t}) TO ${sqlString(`${folder}/data.parquet`)} (FORMAT parquet)`,
    );
  }
  return { table, rows, files: await countFiles(folder), partitioned };
}

/**
 * Export the store behind `engine` to `dir`. Refuses a folder that already
 * holds files unless `overwrite`, which replaces only the table folders.
 */
export async function exportParquet(
  engine: Engine,
  dir: string,
  opts: ExportOptions = {},
): Promise<ExportedTable[]> {
  if (engine.kind === "wasm") {
    throw new UsageError(
      "Parquet export writes files and needs the native engine: run it without --engine wasm",
    );
  }
  const root = dir.replace(/\/+$/, "");
  if (!opts.overwrite && !(await folderIsEmpty(root))) {
    throw new UsageError(`${root} is not empty: choose an empty folder or pass --overwrite`);
  }
  await engine.exec(
    `CREATE OR REPLACE TEMP VIEW _export_partitions AS
     WITH ${RUN_FACTS_CTE}
     SELECT run_id, CAST(run_time AS DATE) AS ${PARTITION_COLUMNS[0]}, arch AS ${
      PARTITION_COLUMNS[1]
    } FROM run_facts`,
  );
  const tables = (await engine.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_catalog = current_database()
     ORDER BY table_name`,
  )).map((r) => r.name);
  const out: ExportedTable[] = [];
  for (const table of tables) {
    const folder = `${root}/${table}`;
    if (opts.overwrite) await Deno.remove(folder, { recursive: true }).catch(() => {});
    out.push(await exportTable(engine, table, folder));
  }
  if (opts.analysis) {
    await loadViews(engine);
    for (const view of ANALYSIS_TABLES) {
      const folder = `${root}/${ANALYSIS_FOLDER}/${view}`;
      if (opts.overwrite) await Deno.remove(folder, { recursive: true }).catch(() => {});
      const r = await exportTable(engine, view, folder);
      out.push({ ...r, table: `${ANALYSIS_FOLDER}/${view}` });
    }
  }
  await engine.exec("DROP VIEW IF EXISTS _export_partitions");
  return out;
}
