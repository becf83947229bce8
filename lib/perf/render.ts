/**
 * Showing a bench run: the tables printed to the terminal, and the same
 * figures as a markdown section (lib/perf/README-section.md) for the README,
 * with the machine they came from.
 *
 * @module
 */
import { formatRows } from "../cli/output.ts";
import type { Row } from "../db/engine.ts";
import { sizeLabel } from "./options.ts";
import type { BenchResults, StepSummary, Summary } from "./results.ts";

const STEPS = ["open", "ingest", "classify", "decode", "report"] as const;

function sec(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : Math.round(ms / 10) / 100;
}

function mib(x: number | null | undefined): number | null {
  return x === null || x === undefined ? null : Math.round(x);
}

function stepCell(s: StepSummary | undefined): number | null {
  return sec(s?.wall_ms);
}

/** Runs, and for a failed case the start of its error (the targets give it whole). */
function status(s: Summary): string {
  if (s.ok_runs === s.runs) return `${s.runs}`;
  const error = s.error ?? "";
  return `${s.ok_runs}/${s.runs}: ${error.length > 48 ? error.slice(0, 47) + "…" : error}`;
}

/** The table rows of the pipeline cases. */
export function caseRows(r: BenchResults): Row[] {
  return r.cases.map((c) => ({
    format: c.format,
    size: sizeLabel(c.dispatches),
    engine: c.engine,
    input_mb: Math.round(c.input_bytes / 1e6),
    ...Object.fromEntries(STEPS.map((k) => [`${k}_s`, stepCell(c.summary.steps[k])])),
    total_s: sec(c.summary.wall_ms),
    cpu_s: sec(c.summary.cpu_ms),
    peak_mib: mib(c.summary.max_rss_mib),
    ingest_peak_mib: mib(c.summary.steps.ingest?.peak_rss_mib),
    ingest_mb_s: c.ingest_mb_s === null ? null : Math.round(c.ingest_mb_s),
    runs: status(c.summary),
  }));
}

/** The table rows of the floors. */
export function floorRows(r: BenchResults): Row[] {
  return r.floors.map((f) => ({
    size: sizeLabel(f.dispatches),
    csv_mb: Math.round(f.input_bytes / 1e6),
    query_s: stepCell(f.summary.steps.floor),
    total_s: sec(f.summary.wall_ms),
    cpu_s: sec(f.summary.cpu_ms),
    peak_mib: mib(f.summary.max_rss_mib),
    runs: status(f.summary),
  }));
}

/** The table rows of the small-trace reports and the memory checks. */
export function endToEndRows(r: BenchResults): Row[] {
  return [
    ...r.small_reports.map((s) => ({
      what: `deno task report: ${s.label}`,
      total_s: sec(s.summary.wall_ms),
      cpu_s: sec(s.summary.cpu_ms),
      peak_mib: mib(s.summary.max_rss_mib),
      mb_s: null,
      runs: status(s.summary),
    })),
    ...r.checks.map((c) => ({
      what: `ingest into a store file: ${c.label}`,
      total_s: sec(c.summary.wall_ms),
      cpu_s: sec(c.summary.cpu_ms),
      peak_mib: mib(c.summary.max_rss_mib),
      mb_s: c.ingest_mb_s === null ? null : Math.round(c.ingest_mb_s),
      runs: status(c.summary),
    })),
  ];
}

/** The table rows of the targets. */
export function targetRows(r: BenchResults): Row[] {
  return r.targets.map((t) => ({
    status: t.status,
    target: t.target,
    measured: t.measured,
    limit: t.limit,
  }));
}

function machineLine(r: BenchResults): string {
  const m = r.machine;
  const load = m.load_start === null
    ? ""
    : `; load average ${m.load_start} at the start, ${m.load_end} at the end`;
  return `${m.cpu_model}, ${m.cores} cores, ${m.ram_gib} GiB RAM, ${m.os}; Deno ${m.deno}, ` +
    `DuckDB ${m.duckdb_native ?? "?"} (native)${
      m.duckdb_wasm ? `, ${m.duckdb_wasm} (wasm)` : ""
    }${load}`;
}

/** The terminal summary. */
export function terminalText(r: BenchResults): string {
  const parts = [`machine: ${machineLine(r)}`];
  if (r.cases.length) {
    parts.push("", "pipeline (median wall time per step, s)", formatRows(caseRows(r), "table"));
  }
  if (r.floors.length) {
    parts.push("", "floor: DuckDB read_csv + GROUP BY", formatRows(floorRows(r), "table"));
  }
  const e2e = endToEndRows(r);
  if (e2e.length) parts.push("", "end to end", formatRows(e2e, "table"));
  parts.push("", "targets", formatRows(targetRows(r), "table"));
  return parts.join("\n");
}

function markdownTable(rows: Row[]): string {
  if (!rows.length) return "";
  const cols = Object.keys(rows[0]);
  const cell = (
    v: unknown,
  ) => (v === null || v === undefined ? "—" : String(v).replaceAll("|", "\\|"));
  return [
    `| ${cols.join(" | ")} |`,
    `| ${cols.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${cols.map((c) => cell(row[c])).join(" | ")} |`),
  ].join("\n");
}

/** The README section. */
export function readmeSection(r: BenchResults): string {
  const lines = [
    "## Performance",
    "",
    `Measured by \`${r.command}\` on ${r.started_at.slice(0, 10)}: ${machineLine(r)}.`,
    "",
    "Each figure is the median of " +
    `${r.options.runs} run(s), every run a fresh process (\`lib/perf/child.ts\`) on traces made by ` +
    "`deno task gen` (rocprofv3 and RPD with 8 ranks, Kineto one rank per file). The pipeline is " +
    "what `deno task report <trace>` does: ingest into an in-memory store, classify, the decode " +
    "summary and the report (markdown, HTML, JSON); *open* is loading the engine and creating " +
    "the schema. Step times are wall-clock seconds; *total* is " +
    "the whole process (start included) and *cpu* its CPU time over all threads; peak RSS per step " +
    "is the kernel's high-water mark reset at the start of the step. The floor is bare DuckDB " +
    "reading the same kernel_trace CSVs with `read_csv` and one GROUP BY, timed the same way.",
    "",
  ];
  if (r.cases.length) lines.push("### Pipeline", "", markdownTable(caseRows(r)), "");
  if (r.floors.length) lines.push("### Floor", "", markdownTable(floorRows(r)), "");
  const e2e = endToEndRows(r);
  if (e2e.length) lines.push("### End to end", "", markdownTable(e2e), "");
  lines.push("### Targets", "", markdownTable(targetRows(r)), "");
  lines.push(
    "Re-run with `deno task bench` (`--quick` for a short run; see `deno task bench --help`); " +
      "full results are in `.bench/results.json`.",
    "",
  );
  return lines.join("\n");
}
