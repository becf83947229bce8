/**
 * `deno task report <trace-or-run> [--vs <trace-or-run>] [--out reports/NAME]
 * [--threshold 5] [--fail-on-regression]`: write NAME.md, NAME.html and
 * NAME.json for one run or an A/B comparison.
 *
 * The renderers (remark, rehype, Observable Plot, linkedom) are imported
 * while DuckDB computes the decode tables, so their load time overlaps it.
 *
 * @module
 */
import { parseCommand, storePath } from "./args.ts";
import { EXIT_GATE, UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";

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
  --bench                a serving-benchmark report instead (see report --bench --help)

Exit status: 0 written, 1 regression with --fail-on-regression, 2 bad usage
or input (nothing written).
`;

/** A label made safe for a file name. */
function fileLabel(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 80) || "run";
}

/** Parsed and checked command-line options. */
interface ReportArgs {
  refs: string[];
  out?: string;
  threshold: number;
  failOnRegression: boolean;
  stepMarker?: string;
  skip?: number;
  rules?: string[];
  db: string;
  engine?: string;
  json: boolean;
}

/** Parse the command line; null when --help was printed. */
function parseReportArgs(argv: string[]): ReportArgs | null {
  const { values, positionals } = parseCommand(argv, {
    bench: { type: "boolean" },
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
    return null;
  }
  if (values.csv) {
    throw new UsageError(
      "report writes markdown, HTML and JSON; --csv is not offered (see --help)",
    );
  }
  if (positionals.length !== 1) {
    throw new UsageError("report needs exactly one trace or run (see --help)");
  }
  const threshold = values.threshold === undefined ? 5 : Number(values.threshold);
  if (values.threshold?.trim() === "" || !Number.isFinite(threshold) || threshold < 0) {
    throw new UsageError(`--threshold expects a percentage, got '${values.threshold}'`);
  }
  const skip = values.skip === undefined ? undefined : Number(values.skip);
  if (skip !== undefined && (!Number.isInteger(skip) || skip < 0 || values.skip!.trim() === "")) {
    throw new UsageError(`--skip expects a whole number, got '${values.skip}'`);
  }
  const stepMarker = values["step-marker"];
  if (stepMarker !== undefined) {
    try {
      new RegExp(stepMarker);
    } catch {
      throw new UsageError(`--step-marker is not a valid regular expression: '${stepMarker}'`);
    }
  }
  if (values.out !== undefined && (values.out === "" || values.out.endsWith("/"))) {
    throw new UsageError(
      `--out expects a path without extension (e.g. reports/out/NAME), got '${values.out}'`,
    );
  }
  return {
    refs: values.vs ? [values.vs, positionals[0]] : [positionals[0]],
    out: values.out,
    threshold,
    failOnRegression: Boolean(values["fail-on-regression"]),
    stepMarker,
    skip,
    rules: values.rules as string[] | undefined,
    db: storePath(values.db),
    engine: values.engine,
    json: Boolean(values.json),
  };
}

/** Run the report command; resolves to the exit code. */
export async function reportCommand(argv: string[]): Promise<number> {
  if (argv.includes("--bench")) {
    return await (await import("./report_bench.ts")).benchReportCommand(argv);
  }
  const args = parseReportArgs(argv);
  if (!args) return 0;
  const { openInputs } = await import("./inputs.ts");
  const { decodeSummaries } = await import("../analysis/decode.ts");
  const { compareRuns } = await import("../analysis/compare.ts");
  const { loadRenderers } = await import("../report/renderers.ts");
  const { loadTaxonomy } = await import("../taxonomy/load.ts");
  const { engine, runIds } = await openInputs(args.refs, { db: args.db, engine: args.engine });
  try {
    // classify first (partly main-thread work), then load the renderers while DuckDB computes
    await loadTaxonomy(engine, { rulesFiles: args.rules });
    const renderers = loadRenderers();
    const summaries = await decodeSummaries(engine, runIds, {
      stepMarker: args.stepMarker,
      skip: args.skip,
      rulesFiles: args.rules,
    });
    const { build, render, json, provenance, write } = await renderers;
    const prov = provenance.currentProvenance(engine.kind);
    let doc, report, title, regressions = 0;
    if (summaries.length === 2) {
      const [b, c] = summaries;
      const cmp = await compareRuns(engine, b.run.id, c.run.id, args.threshold);
      regressions = cmp.regressions.length;
      doc = build.compareReport(b, c, cmp, prov);
      report = json.reportJson(summaries, prov, cmp);
      title = build.compareTitle(b, c);
    } else {
      doc = build.runReport(summaries[0], prov);
      report = json.reportJson(summaries, prov);
      title = build.runTitle(summaries[0]);
    }
    const out = args.out ??
      `reports/out/${
        summaries.length === 2
          ? `${fileLabel(summaries[1].run.label)}-vs-${fileLabel(summaries[0].run.label)}`
          : fileLabel(summaries[0].run.label)
      }`;
    const jsonText = json.reportJsonText(report);
    try {
      await write.writeAllOrNothing({
        [`${out}.md`]: render.toMarkdown(doc),
        [`${out}.html`]: render.toHtml(doc, title),
        [`${out}.json`]: jsonText,
      });
    } catch (e) {
      throw new UsageError(
        `cannot write the report to ${out}.{md,html,json}: ${e instanceof Error ? e.message : e}`,
      );
    }
    if (args.json) console.log(jsonText.trimEnd());
    console.error(
      `tracedeck: wrote ${out}.md, ${out}.html, ${out}.json${
        regressions ? ` (${regressions} regression(s))` : ""
      }`,
    );
    return args.failOnRegression && regressions > 0 ? EXIT_GATE : 0;
  } finally {
    await engine.close();
  }
}

if (import.meta.main) runCommand(() => reportCommand(Deno.args));
