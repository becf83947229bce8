/**
 * `deno task report --bench <files|dirs> [--vs <files|dirs>] [--out PATH]
 * [--label L] [--vs-label L] [--meta k=v] [--weight-bytes N]
 * [--fail-on-regression]`: a serving-benchmark report (NAME.md, NAME.html,
 * NAME.json) of one set of results, or of a candidate against a baseline.
 * The inputs are loaded into an in-memory store; the store file is not read.
 * lib/cli/report.ts hands every command line holding `--bench` here.
 *
 * @module
 */
import { parseCommand, parseKeyValues } from "./args.ts";
import { EXIT_GATE, UsageError } from "./errors.ts";
import { benchFormatList } from "../bench/load.ts";
import { benchSummary } from "../bench/summary.ts";
import { openStore } from "../store/open.ts";
import { toHtml, toMarkdown } from "../report/render.ts";
import { currentProvenance } from "../report/provenance.ts";
import { writeAllOrNothing } from "../report/write.ts";
import { benchReport, benchTitle } from "../report/bench/build.ts";
import { loadBenchInputs } from "../report/bench/inputs.ts";
import { benchReportJson } from "../report/bench/json.ts";

const HELP = `Usage: deno task report --bench <file|folder...> [--vs <file|folder...>] [options]

Write a serving-benchmark report (NAME.md, NAME.html, NAME.json) from result
files and server logs, recognised by content (${benchFormatList()}).
The files are read into memory; the store is not used. With --vs the paths
before it are the candidate and the paths after it the baseline: ratios are
candidate / baseline for throughput and baseline / candidate for latency, and
a throughput more than 5% lower or a latency more than 10% higher is a
regression.

Options:
  --vs PATH...           baseline files or folders: every path up to the next option
  --out PATH             output path without extension
                         (default reports/out/bench-<label> or <candidate>-vs-<baseline>)
  --label L              label of the candidate (or of every result, without --vs);
                         default: the common start of the file names
  --vs-label L           label of the baseline (default: the same rule)
  --meta k=v             metadata for every input (repeatable); tp, pp, dp, ep, isl, osl,
                         concurrency, request_rate, hardware, model, image, backend,
                         precision, dataset, parallelism, gpu_count and ignore_eos override
                         what the files say (e.g. hardware=mi355x when they do not name it)
  --weight-bytes N       model weight bytes, all GPUs together (e.g. 2.3e11): adds the
                         decode roofline (needs recognised hardware)
  --fail-on-regression   exit 1 when a ratio passes its threshold (needs --vs)
  --engine E             native (default) or wasm
  --json                 also print the JSON to stdout
`;

/** Expand `--vs a b c` into `--vs=a --vs=b --vs=c`: --vs takes every path up to the next option. */
export function expandVs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== "--vs") {
      out.push(argv[i]);
      continue;
    }
    let taken = 0;
    while (i + 1 < argv.length && !argv[i + 1].startsWith("-")) {
      out.push(`--vs=${argv[++i]}`);
      taken++;
    }
    if (!taken) throw new UsageError("--vs needs at least one file or folder (see --help)");
  }
  return out;
}

function fileStem(label: string): string {
  return label.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 80) || "bench";
}

/** Run the benchmark report command on `argv`; resolves to the exit code. */
export async function benchReportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(expandVs(argv), {
    bench: { type: "boolean" },
    vs: { type: "string", multiple: true },
    out: { type: "string" },
    label: { type: "string" },
    "vs-label": { type: "string" },
    meta: { type: "string", multiple: true },
    "weight-bytes": { type: "string" },
    "fail-on-regression": { type: "boolean" },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.db !== undefined) {
    throw new UsageError("report --bench reads result files and folders; it does not use --db");
  }
  if (values.csv) {
    throw new UsageError("report --bench writes markdown, HTML and JSON; --csv is not offered");
  }
  if (!positionals.length) {
    throw new UsageError("report --bench needs at least one file or folder (see --help)");
  }
  const baseline = values.vs as string[] | undefined;
  if (values["fail-on-regression"] && !baseline) {
    throw new UsageError("--fail-on-regression needs a baseline (--vs)");
  }
  let weightBytes: number | null = null;
  if (values["weight-bytes"] !== undefined) {
    weightBytes = Number(values["weight-bytes"]);
    if (!Number.isFinite(weightBytes) || weightBytes <= 0) {
      throw new UsageError(
        `--weight-bytes expects a positive number of bytes, got '${values["weight-bytes"]}'`,
      );
    }
  }
  const meta = parseKeyValues(values.meta as string[] | undefined, "--meta");
  const engine = await openStore({ path: ":memory:", engine: values.engine });
  try {
    const sides = await loadBenchInputs(engine, {
      candidate: positionals,
      baseline,
      label: values.label,
      vsLabel: values["vs-label"],
      meta,
    });
    const [base, cand] = sides.length === 2 ? sides : [undefined, sides[0]];
    const summary = await benchSummary(engine, {
      labels: base ? [base.label, cand.label] : undefined,
      baseline: base?.label,
      candidate: base ? cand.label : undefined,
      weightBytes: weightBytes ?? undefined,
    });
    const data = { summary, sides, weightBytes, meta, provenance: currentProvenance(engine.kind) };
    const doc = benchReport(data);
    const json = benchReportJson(data);
    const out = values.out ??
      `reports/out/${
        base
          ? `${fileStem(cand.label)}-vs-${fileStem(base.label)}`
          : `bench-${fileStem(cand.label)}`
      }`;
    const jsonText = JSON.stringify(json, null, 2);
    await writeAllOrNothing({
      [`${out}.md`]: toMarkdown(doc),
      [`${out}.html`]: toHtml(doc, benchTitle(data)),
      [`${out}.json`]: jsonText + "\n",
    });
    if (values.json) console.log(jsonText);
    const regressions = json.comparison?.regressions ?? 0;
    console.error(
      `tracedeck: wrote ${out}.md, ${out}.html, ${out}.json${
        base ? ` (${regressions} regressed point(s))` : ""
      }`,
    );
    return values["fail-on-regression"] && regressions > 0 ? EXIT_GATE : 0;
  } finally {
    await engine.close();
  }
}
