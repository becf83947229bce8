/**
 * `deno task bench-load <files|dirs> [--label L] [--label-by KEY] [--meta k=v ...]
 * [--link RUN] [--force]`: load serving-benchmark results and vLLM server logs
 * into the store as one run, and print what each file gave.
 *
 * @module
 */
import { parseCommand, parseKeyValues, storePath } from "./args.ts";
import { UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";
import { formatRows, outputMode } from "./output.ts";
import { openStore } from "../store/open.ts";
import { resolveRun } from "../store/runs.ts";
import { benchFormatList, loadBenchmarks } from "../bench/load.ts";

const HELP = `Usage: deno task bench-load <file|folder...> [options]

Load serving-benchmark results (${benchFormatList()})
and vLLM server logs into the store as one run (source format 'bench'). Files
are recognised by content; in a folder, other files are skipped.

Options:
  --label L        label of the run and of its results (default: the first path's name)
  --label-by KEY   take each result's label from this field or metadata key (e.g. deployment)
  --meta k=v       run metadata (repeatable); the matrix keys tp, pp, dp, ep, isl, osl,
                   concurrency, request_rate, hardware, model, image, backend, precision,
                   dataset, parallelism, gpu_count and ignore_eos override what the files say
  --link RUN       link the benchmark run to a trace run (id or label)
  --force          load content that is already stored again
  --db PATH        store file (default ./tracedeck.duckdb, or TRACEDECK_DB)
  --engine E       native (default) or wasm
  --json | --csv   machine-readable output
`;

if (import.meta.main) {
  runCommand(async () => {
    const { values, positionals } = parseCommand(Deno.args, {
      label: { type: "string" },
      "label-by": { type: "string" },
      meta: { type: "string", multiple: true },
      link: { type: "string" },
      force: { type: "boolean" },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (!positionals.length) {
      throw new UsageError("bench-load needs at least one file or folder (see --help)");
    }
    const meta = parseKeyValues(values.meta as string[] | undefined, "--meta");
    const engine = await openStore({ path: storePath(values.db), engine: values.engine });
    try {
      const link = values.link ? (await resolveRun(engine, values.link)).run_id : undefined;
      const r = await loadBenchmarks(engine, positionals, {
        label: values.label,
        labelBy: values["label-by"],
        meta,
        linkRunId: link,
        force: values.force,
      });
      if (r.duplicate) {
        console.error(
          `tracedeck: identical content is already run ${r.run_id} ('${r.label}'); not added again (use --force)`,
        );
      }
      const rows = r.files.map((f) => ({
        run_id: r.run_id,
        label: r.label,
        status: r.duplicate ? "duplicate" : f.kind === "skipped" ? "skipped" : "added",
        kind: f.kind,
        rows: f.rows,
        path: f.path,
      }));
      console.log(formatRows(rows, outputMode(values)));
    } finally {
      await engine.close();
    }
  });
}
