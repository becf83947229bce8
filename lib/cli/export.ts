/**
 * `deno task export --parquet DIR [--db PATH] [--analysis] [--overwrite]`:
 * write the store's tables as Parquet partitioned by run date and arch, so
 * the same queries run from DuckDB, MotherDuck, Trino or Spark over object
 * storage.
 *
 * @module
 */
import { parseCommand, storePath } from "./args.ts";
import { UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";
import { formatRows, outputMode } from "./output.ts";
import { requestedEngine } from "../db/open.ts";
import { openStore } from "../store/open.ts";
import { exportParquet } from "../history/export.ts";

const HELP =
  `Usage: deno task export --parquet DIR [--db PATH] [--analysis] [--overwrite] [--json | --csv]

Write every table of the store as Parquet under DIR, one folder per table.
Tables whose rows belong to a run are partitioned by the run's date and arch
(DIR/<table>/run_date=YYYY-MM-DD/run_arch=gfx942/*.parquet; the date is the
run's --meta date, else its capture time, else its ingest time); store-wide
tables are DIR/<table>/data.parquet. Prints the rows and files per table.

Options:
  --parquet DIR   the export folder (must be empty unless --overwrite)
  --analysis      also write the decode analysis (decode_steps, decode_categories,
                  decode_backends, decode_subkinds, decode_kernels, decode_findings,
                  bench_points) under DIR/analysis/, for engines without tracedeck
  --overwrite     replace the table folders of an earlier export in DIR
  --db PATH       store file (default ./tracedeck.duckdb, or TRACEDECK_DB)
  --json | --csv  machine-readable output

Needs the native engine (the wasm engine cannot write files).
`;

if (import.meta.main) {
  runCommand(async () => {
    const { values, positionals } = parseCommand(Deno.args, {
      parquet: { type: "string" },
      analysis: { type: "boolean" },
      overwrite: { type: "boolean" },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length) {
      throw new UsageError(`unexpected argument '${positionals[0]}' (see --help)`);
    }
    if (!values.parquet) throw new UsageError("export needs --parquet DIR (see --help)");
    if (requestedEngine(values.engine) === "wasm") {
      throw new UsageError(
        "Parquet export writes files and needs the native engine: run it without --engine wasm",
      );
    }
    const db = storePath(values.db);
    try {
      await Deno.stat(db);
    } catch {
      throw new UsageError(`no store at ${db} (ingest first, or pass --db)`);
    }
    const engine = await openStore({ path: db, engine: values.engine });
    try {
      const rows = await exportParquet(engine, values.parquet, {
        analysis: values.analysis,
        overwrite: values.overwrite,
      });
      console.log(formatRows(rows.map((r) => ({ ...r })), outputMode(values)));
    } finally {
      await engine.close();
    }
  });
}
