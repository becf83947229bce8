/**
 * `deno task report <trace-or-run> [--vs <trace-or-run>] [--out reports/NAME]
 * [--threshold 5] [--fail-on-regression]`: write NAME.md, NAME.html and
 * NAME.json for one run or an A/B comparison.
 *
 * @module
 */
import { parseCommand, storePath } from "./args.ts";
import { EXIT_GATE, UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";
import { openInputs } from "./inputs.ts";
import { decodeSummaries } from "../analysis/decode.ts";
import { compareRuns } from "../analysis/compare.ts";
import { compareReport, runReport } from "../report/build.ts";
import { toHtml, toMarkdown } from "../report/render.ts";
import { reportJson } from "../report/json.ts";
import { currentProvenance } from "../report/provenance.ts";
import { writeAllOrNothing } from "../report/write.ts";

const HELP = `Usage: deno task report <trace-or-run> [--vs <trace-or-run>] [options]

Write a decode report (NAME.md, NAME.html, NAME.json). Inputs are trace files
or capture folders (analysed in memory) or run ids/labels in the store.
"report CANDIDATE --vs BASELINE" compares the candidate against the baseline:
changes are candidate minus baseline, a regression is the candidate slower.

Options:
  --vs REF               compare against this baseline (trace path or run)
  --out PATH             output path without extension (default reports/out/<label>)
  --threshold PCT        regression threshold in percent (default 5)
  --fail-on-regression   exit 1 when a regression passes the threshold
  --step-marker REGEX    markers whose name matches delimit the steps
  --skip N               decode steps to drop as warm-up (default: automatic)
  --rules FILE           extra taxonomy rules that outrank the built-in ones
  --db PATH              store for run ids/labels (default ./tracedeck.duckdb)
  --engine E             native (default) or wasm
  --json                 also print the JSON to stdout
`;

if (import.meta.main) {
  runCommand(async () => {
    const { values, positionals } = parseCommand(Deno.args, {
      vs: { type: "string" },
      out: { type: "string" },
      threshold: { type: "string" },
      "fail-on-regression": { type: "boolean" },
      "step-marker": { type: "string" },
      skip: { type: "string" },
      rules: { type: "string", multiple: true },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError("report needs exactly one trace or run (see --help)");
    const threshold = values.threshold === undefined ? 5 : Number(values.threshold);
    if (!Number.isFinite(threshold) || threshold < 0) throw new UsageError(`--threshold expects a percentage, got '${values.threshold}'`);
    const skip = values.skip === undefined ? undefined : Number(values.skip);
    if (skip !== undefined && (!Number.isInteger(skip) || skip < 0)) throw new UsageError(`--skip expects a whole number, got '${values.skip}'`);
    if (values["step-marker"] !== undefined) {
      try {
        new RegExp(values["step-marker"]);
      } catch {
        throw new UsageError(`--step-marker is not a valid regular expression: '${values["step-marker"]}'`);
      }
    }
    const refs = values.vs ? [values.vs, positionals[0]] : [positionals[0]];
    const { engine, runIds } = await openInputs(refs, { db: storePath(values.db), engine: values.engine });
    try {
      const summaries = await decodeSummaries(engine, runIds, {
        stepMarker: values["step-marker"],
        skip,
        rulesFiles: values.rules as string[] | undefined,
      });
      const prov = currentProvenance(engine.kind);
      const label = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
      let doc, json, title, regressions = 0;
      if (summaries.length === 2) {
        const [b, c] = summaries;
        const cmp = await compareRuns(engine, b.run.id, c.run.id, threshold);
        regressions = cmp.regressions.length;
        doc = compareReport(b, c, cmp, prov);
        json = reportJson(summaries, prov, cmp);
        title = `tracedeck A/B: ${b.run.label} → ${c.run.label}`;
      } else {
        doc = runReport(summaries[0], prov);
        json = reportJson(summaries, prov);
        title = `tracedeck: ${summaries[0].run.label}`;
      }
      const out = values.out ??
        `reports/out/${summaries.length === 2 ? `${label(summaries[1].run.label)}-vs-${label(summaries[0].run.label)}` : label(summaries[0].run.label)}`;
      const jsonText = JSON.stringify(json, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 2);
      await writeAllOrNothing({
        [`${out}.md`]: toMarkdown(doc),
        [`${out}.html`]: toHtml(doc, title),
        [`${out}.json`]: jsonText + "\n",
      });
      if (values.json) console.log(jsonText);
      console.error(`tracedeck: wrote ${out}.md, ${out}.html, ${out}.json${regressions ? ` (${regressions} regression(s))` : ""}`);
      if (values["fail-on-regression"] && regressions > 0) return EXIT_GATE;
      return 0;
    } finally {
      await engine.close();
    }
  });
}
