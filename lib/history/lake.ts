/**
 * The layout of a Parquet export and reading it back: one folder per table
 * under the export root, partitioned tables as Hive folders
 * `<table>/run_date=YYYY-MM-DD/run_arch=<arch>/*.parquet` (a NULL arch is
 * `__HIVE_DEFAULT_PARTITION__`), store-wide and empty tables as
 * `<table>/data.parquet`; the decode analysis, when exported, under
 * `analysis/<view>/` in the same layout. Reading back makes each canonical
 * table a view of its files without the two partition columns, so every
 * query of tracedeck runs on the files unchanged.
 *
 * @module
 */
import { sqlIdent, sqlString } from "../db/quote.ts";
import type { Engine } from "../db/engine.ts";

/** The two partition columns added to every per-run table. */
export const PARTITION_COLUMNS = ["run_date", "run_arch"] as const;

/** Folder of the analysis tables inside an export. */
export const ANALYSIS_FOLDER = "analysis";

/** The SELECT that reads one exported table folder back as the table it was. */
export async function readTableSql(folder: string): Promise<string> {
  let partitioned = false;
  for await (const e of Deno.readDir(folder)) {
    if (e.isDirectory && e.name.startsWith(`${PARTITION_COLUMNS[0]}=`)) partitioned = true;
  }
  const root = folder.replace(/\/+$/, "");
  return partitioned
    ? `SELECT * EXCLUDE (${PARTITION_COLUMNS.join(", ")}) FROM read_parquet(${
      sqlString(`${root}/**/*.parquet`)
    }, hive_partitioning = true)`
    : `SELECT * FROM read_parquet(${sqlString(`${root}/*.parquet`)})`;
}

/** Table folders of an export (analysis folder excluded), by table name. */
export async function exportedTables(dir: string): Promise<Map<string, string>> {
  const root = dir.replace(/\/+$/, "");
  const out = new Map<string, string>();
  for await (const e of Deno.readDir(root)) {
    if (e.isDirectory && e.name !== ANALYSIS_FOLDER) out.set(e.name, `${root}/${e.name}`);
  }
  return out;
}

/**
 * Make the canonical tables of `engine` read an export in `dir`: a temporary
 * view per exported table, which shadows the (empty) store table of the same
 * name. Returns the tables attached. The engine then answers every query as
 * the exported store did; it cannot be written to.
 */
export async function attachParquet(engine: Engine, dir: string): Promise<string[]> {
  const tables = await exportedTables(dir);
  const canonical = new Set(
    (await engine.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'",
    )).map((r) => r.name),
  );
  const attached: string[] = [];
  for (const [name, folder] of [...tables].sort(([a], [b]) => a.localeCompare(b))) {
    if (!canonical.has(name)) continue;
    await engine.exec(
      `CREATE OR REPLACE TEMP VIEW ${sqlIdent(name)} AS ${await readTableSql(folder)}`,
    );
    attached.push(name);
  }
  if (!attached.includes("runs")) {
    throw new Error(`${dir}: not a tracedeck Parquet export (no runs/ folder)`);
  }
  return attached;
}
