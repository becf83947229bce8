/**
 * `deno task ingest <paths...> [--label L] [--meta k=v ...] [--format F] [--force]`:
 * load traces into the store and print the new run ids.
 *
 * @module
 */
import { parseCommand, parseKeyValues, storePath } from "./args.ts";
import { UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";
import { formatRows, outputMode } from "./output.ts";
import { openStore } from "../store/open.ts";
import { progress } from "./progress.ts";
import { rememberRules } from "../taxonomy/user_rules.ts";
import { ingestPath } from "../ingest/mod.ts";
import { formatList } from "../ingest/formats.ts";

const HELP = `Usage: deno task ingest <path...> [options]

Load trace files or capture folders into the store, one run per path (a folder
of per-rank files is one run). Prints the run ids.

Options:
  --label L        label for the run(s) (default: the file or folder name)
  --meta k=v       metadata to store with the run (repeatable)
  --format F       force a format instead of detecting it (${formatList()})
  --force          add content that is already stored again
  --rules FILE     taxonomy rules to remember in the store; they outrank the
                   built-in rules in every later analysis (repeatable)
  --db PATH        store file (default ./tracedeck.duckdb, or TRACEDECK_DB)
  --engine E       native (default) or wasm
  --json | --csv   machine-readable output
`;

if (import.meta.main) {
  runCommand(async () => {
    const { values, positionals } = parseCommand(Deno.args, {
      label: { type: "string" },
      meta: { type: "string", multiple: true },
      format: { type: "string" },
      force: { type: "boolean" },
      rules: { type: "string", multiple: true },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (!positionals.length) throw new UsageError("ingest needs at least one path (see --help)");
    const meta = parseKeyValues(values.meta as string[] | undefined, "--meta");
    const engine = await openStore({ path: storePath(values.db), engine: values.engine });
    try {
      for (const f of (values.rules as string[] | undefined) ?? []) await rememberRules(engine, f);
      const rows = [];
      for (const path of positionals) {
        const bar = progress();
        const r = await ingestPath(engine, path, {
          label: values.label,
          meta,
          format: values.format,
          force: values.force,
          onProgress: (c) =>
            bar.update(
              `ingesting ${path}: ${c.dispatches.toLocaleString("en-US")} dispatches, ${
                c.markers.toLocaleString("en-US")
              } markers`,
            ),
        }).finally(() => bar.done());
        if (r.duplicate) {
          console.error(
            `tracedeck: ${path}: identical content is already run ${r.run_id}; not added again (use --force)`,
          );
        }
        rows.push({
          run_id: r.run_id,
          label: r.label,
          format: r.format,
          status: r.duplicate ? "duplicate" : "added",
          dispatches: r.counts.dispatches,
          markers: r.counts.markers,
          memory_ops: r.counts.memory_ops,
          path,
        });
      }
      console.log(formatRows(rows, outputMode(values)));
    } finally {
      await engine.close();
    }
  });
}
