/**
 * The bench's results: one sample per measured process, and the summary over
 * a case's runs (median wall and CPU time, highest peak RSS), as written to
 * `results.json`.
 *
 * @module
 */
import type { ChildResult } from "./child.ts";
import type { MachineInfo } from "./machine.ts";
import type { BenchOptions } from "./options.ts";
import type { StepSample } from "./probe.ts";
import type { ChildOutcome } from "./spawn.ts";

/** One measured process. */
export interface RunSample {
  ok: boolean;
  /** What went wrong, one line (null when ok). */
  error: string | null;
  /** Spawn to exit, process start included (ms). */
  wall_ms: number;
  /** User + system CPU of the process (ms), when /usr/bin/time was there. */
  cpu_ms: number | null;
  /** Peak RSS of the process (MiB). */
  max_rss_mib: number | null;
  /** Runtime start and module loading before the first step (ms). */
  startup_ms: number | null;
  /** Per step, in order. */
  steps: Record<string, StepSample>;
  /** Dispatches stored, or rows grouped by the floor query. */
  rows: number | null;
}

/** A step over the runs: median times, highest peak RSS. */
export interface StepSummary {
  wall_ms: number;
  cpu_ms: number;
  peak_rss_mib: number | null;
}

/** A case over its runs. */
export interface Summary {
  runs: number;
  ok_runs: number;
  /** The first failure's message (null when every run succeeded). */
  error: string | null;
  /** Median process wall time of the successful runs (ms). */
  wall_ms: number | null;
  /** Median process CPU time of the successful runs (ms). */
  cpu_ms: number | null;
  /** Highest process peak RSS over the successful runs (MiB). */
  max_rss_mib: number | null;
  steps: Record<string, StepSummary>;
}

/** One format, size and engine through ingest, classify, decode summary and report. */
export interface CaseResult {
  format: string;
  engine: string;
  dispatches: number;
  ranks: number;
  input_files: number;
  input_bytes: number;
  samples: RunSample[];
  summary: Summary;
  /** Input MB (10^6 bytes) per second of median ingest wall time. */
  ingest_mb_s: number | null;
}

/** Bare DuckDB over the same kernel_trace CSVs. */
export interface FloorResult {
  dispatches: number;
  ranks: number;
  input_bytes: number;
  samples: RunSample[];
  summary: Summary;
}

/** `deno task report` on a small trace, end to end. */
export interface SmallReportResult {
  label: string;
  path: string;
  dispatches: number | null;
  samples: RunSample[];
  summary: Summary;
}

/** A large single-file ingest into a store file, for peak memory. */
export interface CheckResult {
  label: string;
  format: string;
  dispatches: number;
  input_bytes: number;
  samples: RunSample[];
  summary: Summary;
  ingest_mb_s: number | null;
}

/** A target and how the bench measured it. */
export interface TargetResult {
  target: string;
  /** The measured value, with its unit. */
  measured: string;
  /** The limit, with its unit. */
  limit: string;
  status: "pass" | "fail" | "not measured";
}

/** Everything one bench run wrote. */
export interface BenchResults {
  schema: "tracedeck.bench/1";
  started_at: string;
  finished_at: string;
  command: string;
  machine: MachineInfo;
  options: Omit<BenchOptions, "readme">;
  cases: CaseResult[];
  floors: FloorResult[];
  small_reports: SmallReportResult[];
  checks: CheckResult[];
  targets: TargetResult[];
}

/** A sample from a child's outcome and the JSON line it printed. */
export function sampleOf(o: ChildOutcome): RunSample {
  let child: ChildResult | null = null;
  const last = o.stdout.trim().split("\n").at(-1) ?? "";
  if (last.startsWith("{")) {
    try {
      child = JSON.parse(last) as ChildResult;
    } catch {
      child = null;
    }
  }
  const ok = o.ok && (child?.ok ?? true);
  const error = ok ? null : child?.error ??
    (o.last_error_line || `exited with code ${o.code ?? "null (killed)"}`);
  return {
    ok,
    error,
    wall_ms: o.wall_ms,
    cpu_ms: o.cpu_ms,
    // the steps reset the kernel's high-water mark (which the rusage figure
    // follows), so the process peak is the larger of both
    max_rss_mib: maxOrNull([o.max_rss_mib, child?.peak_rss_mib ?? null]),
    startup_ms: child?.startup_ms ?? null,
    steps: child?.steps ?? {},
    rows: child?.rows ?? null,
  };
}

/** The median of the numbers (null when there are none). */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function maxOrNull(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.max(...v) : null;
}

/**
 * Summarise the runs of a case: process figures over the successful runs,
 * each step over every run that completed it (a run that failed in its
 * report still measured its ingest).
 */
export function summarise(samples: RunSample[]): Summary {
  const ok = samples.filter((s) => s.ok);
  const steps: Record<string, StepSummary> = {};
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.steps)))];
  for (const name of names) {
    const of = samples.map((s) => s.steps[name]).filter((x) => x !== undefined);
    steps[name] = {
      wall_ms: median(of.map((x) => x.wall_ms))!,
      cpu_ms: median(of.map((x) => x.cpu_ms))!,
      peak_rss_mib: maxOrNull(of.map((x) => x.peak_rss_mib)),
    };
  }
  return {
    runs: samples.length,
    ok_runs: ok.length,
    error: samples.find((s) => !s.ok)?.error ?? null,
    wall_ms: median(ok.map((s) => s.wall_ms)),
    cpu_ms: median(ok.map((s) => s.cpu_ms).filter((x): x is number => x !== null)),
    max_rss_mib: maxOrNull(ok.map((s) => s.max_rss_mib)),
    steps,
  };
}

/** Input MB per second of a step's median wall time. */
export function mbPerSecond(bytes: number, step: StepSummary | undefined): number | null {
  return step && step.wall_ms > 0 ? bytes / 1e6 / (step.wall_ms / 1000) : null;
}
