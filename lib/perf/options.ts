/**
 * What `deno task bench` is asked to measure: sizes, formats, engines, runs,
 * which parts, and where results go; parsed from the command line with
 * one-line usage errors.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { UsageError } from "../cli/errors.ts";

/** Trace formats the bench generates and ingests. */
export const BENCH_FORMATS = ["rocprofv3", "kineto", "rpd"] as const;
/** One of {@link BENCH_FORMATS}. */
export type BenchFormat = typeof BENCH_FORMATS[number];

/** Engines the bench runs the pipeline on. */
export const BENCH_ENGINES = ["native", "wasm"] as const;
/** One of {@link BENCH_ENGINES}. */
export type BenchEngine = typeof BENCH_ENGINES[number];

/**
 * Parts of a bench run: the per-format pipeline cases, the DuckDB floor, the
 * small-trace report (process start included) and the memory checks (a 1 GB
 * Kineto JSON and a 5M-row kernel_trace.csv ingested into a store file).
 */
export const BENCH_PARTS = ["cases", "floor", "small", "checks"] as const;
/** One of {@link BENCH_PARTS}. */
export type BenchPart = typeof BENCH_PARTS[number];

/** A parsed bench request. */
export interface BenchOptions {
  /** Kernel dispatches per generated trace. */
  sizes: number[];
  formats: BenchFormat[];
  engines: BenchEngine[];
  /** Measurements per case (the median is reported). */
  runs: number;
  parts: BenchPart[];
  /** Folder for inputs, scratch files and results. */
  out: string;
  /** Generator seed. */
  seed: number;
  /** Where lib/perf/README-section.md goes (null: not written). */
  readme: string | null;
  /** Abandon a measurement after this long (ms). */
  timeoutMs: number;
}

/** Sizes, runs and parts of `--quick`. */
export const QUICK = { sizes: [20_000, 100_000], runs: 1, parts: ["cases", "floor", "small"] };

/** `100k` → 100000, `1m` → 1000000, `2.4m`, `20000`. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  const n = m ? Number(m[1]) * (m[2].toLowerCase() === "k" ? 1e3 : m[2] ? 1e6 : 1) : NaN;
  if (!Number.isInteger(n) || n < 1000) {
    throw new UsageError(
      `--sizes expects sizes like 100k, 1m or 20000 (at least 1000), got '${text}'`,
    );
  }
  return n;
}

/** 1000000 → `1m`, 2400000 → `2.4m`, 100000 → `100k`. */
export function sizeLabel(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}m`;
  if (n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}

function listOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(",").map((s) => s.trim()).filter(Boolean);
  for (const i of items) {
    if (!allowed.includes(i as T)) {
      throw new UsageError(`${flag} expects a list of ${allowed.join(", ")}, got '${i}'`);
    }
  }
  if (!items.length) throw new UsageError(`${flag} needs at least one of ${allowed.join(", ")}`);
  return items as T[];
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) {
    throw new UsageError(`${flag} expects a whole number ≥ 1, got '${text}'`);
  }
  return n;
}

/** The help text. */
export const BENCH_HELP = `Usage: deno task bench [options]

Measure ingest, classification, the decode summary and the report on
generated traces (cached under the output folder), on each engine, against
the floor of bare DuckDB reading the same CSV; print a table, write
<out>/results.json and lib/perf/README-section.md.

Options:
  --sizes LIST     dispatches per trace (default 100k,1m,10m)
  --formats LIST   ${BENCH_FORMATS.join(",")} (default all)
  --engines LIST   ${BENCH_ENGINES.join(",")} (default both)
  --runs N         measurements per case; the median is reported (default 3)
  --parts LIST     ${BENCH_PARTS.join(",")} (default all)
  --out DIR        inputs, scratch and results (default .bench)
  --seed S         generator seed (default 1)
  --quick          sizes 20k,100k, one run, no memory checks
  --no-readme      do not write lib/perf/README-section.md
  --timeout MIN    abandon one measurement after MIN minutes (default 60)
`;

/** Parse the bench command line; null when --help was asked. */
export function parseBenchArgs(argv: string[], readmePath: string): BenchOptions | null {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        sizes: { type: "string" },
        formats: { type: "string" },
        engines: { type: "string" },
        runs: { type: "string" },
        parts: { type: "string" },
        out: { type: "string" },
        seed: { type: "string" },
        quick: { type: "boolean" },
        "no-readme": { type: "boolean" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message.split("\n")[0] : e} (see --help)`);
  }
  if (values.help) return null;
  const quick = Boolean(values.quick);
  return {
    sizes: values.sizes !== undefined
      ? values.sizes.split(",").map(parseSize)
      : quick
      ? QUICK.sizes
      : [100_000, 1_000_000, 10_000_000],
    formats: values.formats
      ? listOf("--formats", values.formats, BENCH_FORMATS)
      : [...BENCH_FORMATS],
    engines: values.engines
      ? listOf("--engines", values.engines, BENCH_ENGINES)
      : [...BENCH_ENGINES],
    runs: values.runs !== undefined ? positive("--runs", values.runs) : quick ? QUICK.runs : 3,
    parts: values.parts
      ? listOf("--parts", values.parts, BENCH_PARTS)
      : quick
      ? QUICK.parts as BenchPart[]
      : [...BENCH_PARTS],
    out: (values.out ?? ".bench").replace(/\/+$/, ""),
    seed: values.seed !== undefined ? positive("--seed", values.seed) : 1,
    readme: values["no-readme"] ? null : readmePath,
    timeoutMs: (values.timeout !== undefined ? positive("--timeout", values.timeout) : 60) * 60_000,
  };
}
