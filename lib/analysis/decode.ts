/**
 * The decode summary: one plain object per run, read from the SQL views in
 * `queries/decode/` (steps, breakdown, ranks, findings). Reports, notebooks and
 * `--json` all use it; nothing here computes what SQL can.
 *
 * Units: times in µs, shares as percentages 0–100.
 *
 * @module
 */
import type { Engine, Row } from "../db/engine.ts";
import { type DecodeParams, loadViews } from "../store/views.ts";

/** One run's identity and capture facts. */
export interface RunInfo {
  id: number;
  label: string;
  source_format: string;
  source_files: string[];
  device: string | null;
  arch: string | null;
  /** Where the arch came from: the device, or the kernel names when the trace lacks the device. */
  arch_source: string | null;
  ranks: number;
  framework: string | null;
  aggregate_only: boolean;
  dispatches: number;
  memory_ops: number;
  markers: number;
  capture_ms: number | null;
  content_hash: string;
  meta: Record<string, string>;
}

/** Time in one category (or category + backend / sub-kind). */
export interface ShareRow {
  category: string;
  backend?: string;
  sub_kind?: string;
  pct: number;
  us_per_step: number;
  calls_per_step: number;
}

/** Time per category and backend over the whole capture. */
export interface TraceShare {
  category: string;
  backend: string;
  calls: number;
  total_us: number;
  pct: number;
}

/** One kernel's place in the decode step. */
export interface KernelRow {
  name: string;
  category: string;
  backend: string;
  sub_kind: string;
  pct: number;
  us_per_step: number;
  calls_per_step: number;
  avg_us: number;
  max_us: number;
}

/** One step on the critical path. */
export interface StepRow {
  step: number;
  kind: string;
  used: boolean;
  skipped: boolean;
  source: string;
  marker: string | null;
  batch_size: number | null;
  span_us: number;
  busy_us: number;
  idle_us: number;
  kernels: number;
  launch_gaps: number;
  slowest_rank: number;
}

/** Per-rank decode figures (TP > 1). */
export interface RankRow {
  rank: number;
  steps: number;
  step_us: number;
  busy_us: number;
  idle_pct: number;
  critical_steps: number;
  collective_wait_us_per_step: number | null;
  collective_skew_us: number | null;
}

/** A finding: what is wrong, how badly, the evidence and the advice. */
export interface Finding {
  id: string;
  severity: "high" | "medium" | "low";
  message: string;
  advice: string;
  value: number;
}

/** A server-log finding from the capture folder's logs (deno task triage). */
export interface LogFinding {
  source_file: string;
  kind: string;
  finding: string;
  severity: string;
  count: number;
  first_line: number;
  first_text: string;
}

/** Everything the decode analysis says about one run. */
export interface DecodeSummary {
  run: RunInfo;
  decode: {
    /** Decode steps used for the breakdown. */
    steps: number;
    /** Decode steps dropped as warm-up. */
    skipped: number;
    /** Steps found, by kind. */
    found: { decode: number; prefill: number; mixed: number };
    /** How steps were found: marker | period | none. */
    step_source: string;
    step_us: { median: number | null; p90: number | null; mean: number | null };
    busy_us: { median: number | null };
    idle_pct: number | null;
    launch_gaps_per_step: number | null;
    batch_size: number | null;
    categories: ShareRow[];
    backends: ShareRow[];
    sub_kinds: ShareRow[];
    top_kernels: KernelRow[];
    most_expensive: KernelRow | null;
  };
  steps: StepRow[];
  ranks: RankRow[];
  /** The whole capture, steps or not. */
  trace: { kernels: number; kernel_us: number; backends: TraceShare[] };
  unmatched: { name: string; calls: number; pct: number }[];
  findings: Finding[];
  /** Server-log findings of the capture (JIT failures, fallbacks, arch, OOM, NCCL). */
  log_findings: LogFinding[];
  /** The capture manifest (run.json) when the capture folder had one. */
  manifest: Record<string, unknown> | null;
  /** Caveats about the numbers (few steps, aggregate-only input…). */
  warnings: string[];
}

/** Options for {@link decodeSummaries}. */
export interface DecodeOptions {
  /** RE2 pattern for the markers that delimit steps. */
  stepMarker?: string;
  /** Decode steps to drop as warm-up (default: automatic). */
  skip?: number;
  /** User taxonomy rules files. */
  rulesFiles?: string[];
  /** How many top kernels (default 5). */
  top?: number;
  /**
   * Also load every other analysis view (for free SQL over the store, as in
   * notebooks); by default only the decode modules, and the comparison ones
   * when there are two runs or more.
   */
  allViews?: boolean;
}

/** The modules the decode summary reads (with what they require). */
const SUMMARY_MODULES = ["decode/findings.sql"];

/** The modules run comparisons read besides, loaded when several runs are summarised. */
const COMPARE_MODULES = ["compare/compare.sql"];

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** What to do about each kind of server-log finding. */
const LOG_ADVICE: Record<string, string> = {
  jit_build_failure:
    "A kernel failed to build at start-up, so the framework uses a slower path: check the compiler/ROCm or CUDA version against the kernel library's requirements.",
  jit_build:
    "Kernels were built at start-up; make sure the build finished before the capture window.",
  unsupported_arch:
    "The stack does not support this GPU for a code path and fell back: install kernels built for this arch or upgrade the library.",
  fallback:
    "The framework took a fallback path: check that the fast path (aiter, hipBLASLt, custom all-reduce, tuned configs) is enabled and supported for this model and dtype.",
  preemption:
    "Requests were preempted for lack of KV-cache space: lower concurrency or max-num-seqs, or give the KV cache more memory.",
  oom: "The server ran out of memory: lower gpu-memory-utilization, batch or context length.",
  nccl_error:
    "A collective library error: check the interconnect, NCCL/RCCL environment and versions.",
};

async function one<T extends Row>(
  engine: Engine,
  sql: string,
  params: (string | number)[],
): Promise<T | undefined> {
  return (await engine.query<T>(sql, params))[0];
}

/** Load the analysis for these runs and return one summary per run, in order. */
export async function decodeSummaries(
  engine: Engine,
  runIds: number[],
  opts: DecodeOptions = {},
): Promise<DecodeSummary[]> {
  const decode: DecodeParams[] = runIds.map((run_id) => ({
    run_id,
    step_marker: opts.stepMarker ?? null,
    skip: opts.skip ?? null,
  }));
  await loadViews(engine, {
    runs: runIds,
    decode,
    rulesFiles: opts.rulesFiles,
    modules: opts.allViews
      ? undefined
      : runIds.length > 1
      ? [...SUMMARY_MODULES, ...COMPARE_MODULES]
      : SUMMARY_MODULES,
  });
  const out: DecodeSummary[] = [];
  for (const id of runIds) out.push(await summarise(engine, id, opts.top ?? 5));
  return out;
}

async function runInfo(engine: Engine, id: number): Promise<RunInfo> {
  const r = await one<Row>(
    engine,
    `SELECT run_id, label, source_format, source_files, device_name, a.arch, a.arch_source, rank_count, framework,
            aggregate_only, content_hash,
            (SELECT coalesce(sum(k.calls), 0) FROM trace_kernel_totals k WHERE k.run_id = r.run_id)::BIGINT AS dispatches,
            (SELECT count(*) FROM memory_ops m WHERE m.run_id = r.run_id)::BIGINT AS memory_ops,
            (SELECT count(*) FROM markers k WHERE k.run_id = r.run_id)::BIGINT AS markers,
            (capture_end_ns - capture_start_ns) / 1e6 AS capture_ms
     FROM runs r JOIN run_arch a USING (run_id) WHERE run_id = ?`,
    [id],
  );
  if (!r) throw new Error(`run ${id} does not exist`);
  const meta: Record<string, string> = {};
  for (
    const m of await engine.query<{ key: string; value: string }>(
      "SELECT key, value FROM run_meta WHERE run_id = ? ORDER BY key",
      [id],
    )
  ) meta[m.key] = m.value;
  return {
    id,
    label: r.label as string,
    source_format: r.source_format as string,
    source_files: (r.source_files as string[]) ?? [],
    device: r.device_name as string | null,
    arch: r.arch as string | null,
    arch_source: r.arch_source as string | null,
    ranks: r.rank_count as number,
    framework: r.framework as string | null,
    aggregate_only: Boolean(r.aggregate_only),
    dispatches: r.dispatches as number,
    memory_ops: r.memory_ops as number,
    markers: r.markers as number,
    capture_ms: r.capture_ms as number | null,
    content_hash: r.content_hash as string,
    meta,
  };
}

async function summarise(engine: Engine, id: number, top: number): Promise<DecodeSummary> {
  const run = await runInfo(engine, id);
  const agg = (await one<Row>(
    engine,
    `SELECT count(*) FILTER (WHERE used) AS steps,
            count(*) FILTER (WHERE skipped) AS skipped,
            count(*) FILTER (WHERE kind = 'decode') AS found_decode,
            count(*) FILTER (WHERE kind = 'prefill') AS found_prefill,
            count(*) FILTER (WHERE kind = 'mixed') AS found_mixed,
            coalesce(any_value(step_source), 'none') AS step_source,
            median(span_ns) FILTER (WHERE used) / 1000.0 AS step_median,
            quantile_cont(span_ns, 0.9) FILTER (WHERE used) / 1000.0 AS step_p90,
            avg(span_ns) FILTER (WHERE used) / 1000.0 AS step_mean,
            median(busy_ns) FILTER (WHERE used) / 1000.0 AS busy_median,
            100.0 * sum(idle_ns) FILTER (WHERE used) / nullif(sum(span_ns) FILTER (WHERE used), 0) AS idle_pct,
            avg(launch_gaps / ranks) FILTER (WHERE used) AS gaps,
            median(batch_size) FILTER (WHERE used) AS batch_size
     FROM decode_steps WHERE run_id = ?`,
    [id],
  ))!;
  const shares = (sql: string) => engine.query<ShareRow & Row>(sql, [id]);
  const categories = await shares(
    "SELECT category, pct, us_per_step, calls_per_step FROM decode_categories WHERE run_id = ? ORDER BY pct DESC, category",
  );
  const backends = await shares(
    "SELECT category, backend, pct, us_per_step, calls_per_step FROM decode_backends WHERE run_id = ? ORDER BY pct DESC, category, backend",
  );
  const subKinds = await shares(
    "SELECT category, sub_kind, pct, us_per_step, calls_per_step FROM decode_subkinds WHERE run_id = ? ORDER BY pct DESC, category, sub_kind",
  );
  const kernelCols =
    "name, category, backend, sub_kind, pct, us_per_step, calls_per_step, avg_us, max_us";
  const topKernels = await engine.query<KernelRow & Row>(
    `SELECT ${kernelCols} FROM decode_kernels WHERE run_id = ? AND rank_by_time <= ? ORDER BY rank_by_time`,
    [id, top],
  );
  const mostExpensive = await one<KernelRow & Row>(
    engine,
    `SELECT ${kernelCols} FROM decode_kernels WHERE run_id = ? ORDER BY max_us DESC, name LIMIT 1`,
    [id],
  );
  const steps = await engine.query<StepRow & Row>(
    `SELECT step, kind, used, skipped, step_source AS source, marker, batch_size,
            span_ns / 1000.0 AS span_us, busy_ns / 1000.0 AS busy_us, idle_ns / 1000.0 AS idle_us,
            kernels, launch_gaps, slowest_rank
     FROM decode_steps WHERE run_id = ? ORDER BY step`,
    [id],
  );
  const ranks = await engine.query<RankRow & Row>(
    `SELECT r.rank, r.steps, r.step_us, r.busy_us, r.idle_pct, r.critical_steps,
            c.wait_us_per_step AS collective_wait_us_per_step, c.mean_skew_us AS collective_skew_us
     FROM decode_rank_summary r LEFT JOIN collective_skew c USING (run_id, rank)
     WHERE r.run_id = ? ORDER BY r.rank`,
    [id],
  );
  const traceTotals = (await one<Row>(
    engine,
    "SELECT coalesce(sum(calls), 0)::BIGINT AS kernels, coalesce(sum(total_ns), 0) / 1000.0 AS kernel_us FROM trace_kernel_totals WHERE run_id = ?",
    [id],
  ))!;
  const traceBackends = await engine.query<TraceShare & Row>(
    "SELECT category, backend, calls, total_ns / 1000.0 AS total_us, pct FROM trace_backends WHERE run_id = ? ORDER BY pct DESC, category, backend",
    [id],
  );
  const unmatched = await engine.query<{ name: string; calls: number; pct: number } & Row>(
    "SELECT name, calls, pct FROM unmatched_kernels WHERE run_id = ? ORDER BY pct DESC, name LIMIT 25",
    [id],
  );
  const findings: Finding[] = (await engine.query<Finding & Row>(
    "SELECT id, severity, message, advice, value FROM decode_findings WHERE run_id = ?",
    [id],
  )).sort((a, b) =>
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id)
  );

  const logFindings = await engine.query<LogFinding & Row>(
    `SELECT source_file, kind, finding, severity, count, first_line, first_text FROM log_findings
     WHERE run_id = ? ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, count DESC, finding`,
    [id],
  );
  // log errors and warnings are findings too: the dispatch problems they name
  // (a JIT build that failed, a fallback, an unsupported arch) explain kernels
  for (const l of logFindings) {
    if (l.severity === "info") continue;
    findings.push({
      id: `log:${l.finding}`,
      severity: l.severity === "error" ? "high" : "medium",
      message: `server log: ${l.count}× ${l.kind.replace(/_/g, " ")} (${
        l.source_file.split("/").pop()
      } line ${l.first_line}: ${l.first_text.slice(0, 160)})`,
      advice: LOG_ADVICE[l.kind] ?? "Read the log lines around the first occurrence.",
      value: l.count,
    });
  }
  findings.sort((a, b) =>
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id)
  );
  const manifestRow = run.meta.manifest;
  let manifest: Record<string, unknown> | null = null;
  if (manifestRow) {
    try {
      manifest = JSON.parse(manifestRow);
    } catch {
      manifest = null;
    }
  }

  const warnings: string[] = [];
  const used = agg.steps as number;
  if (run.aggregate_only) {
    warnings.push(
      "aggregate-only input (kernel statistics, no timeline): no steps, idle time or per-step figures",
    );
  } else if (used === 0) {
    warnings.push(
      "no decode step found: the breakdown below is empty; the whole-trace breakdown still applies",
    );
  } else if (used < 5) {
    warnings.push(
      `only ${used} decode step(s) used: medians and shares are not stable (capture 100 steps)`,
    );
  }
  return {
    run,
    decode: {
      steps: used,
      skipped: agg.skipped as number,
      found: {
        decode: agg.found_decode as number,
        prefill: agg.found_prefill as number,
        mixed: agg.found_mixed as number,
      },
      step_source: agg.step_source as string,
      step_us: {
        median: agg.step_median as number | null,
        p90: agg.step_p90 as number | null,
        mean: agg.step_mean as number | null,
      },
      busy_us: { median: agg.busy_median as number | null },
      idle_pct: agg.idle_pct as number | null,
      launch_gaps_per_step: agg.gaps as number | null,
      batch_size: agg.batch_size as number | null,
      categories,
      backends,
      sub_kinds: subKinds,
      top_kernels: topKernels,
      most_expensive: mostExpensive ?? null,
    },
    steps,
    ranks,
    trace: {
      kernels: traceTotals.kernels as number,
      kernel_us: traceTotals.kernel_us as number,
      backends: traceBackends,
    },
    unmatched,
    findings,
    log_findings: logFindings,
    manifest,
    warnings,
  };
}
