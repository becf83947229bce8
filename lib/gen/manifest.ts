/**
 * The manifest: ground truth about a generated trace, computed from the step
 * plans (not from the files), so tests and the bench can check what an ingest
 * found against what was generated.
 *
 * @module
 */
import type { GenOptions } from "./options.ts";
import { type RunPlan, scheduleSteps } from "./schedule.ts";
import type { StepPlan } from "./step_plan.ts";

/** Kernel counts by corpus category, corpus label and exact name. */
export interface KernelCounts {
  by_category: Record<string, number>;
  by_label: Record<string, number>;
  by_name: Record<string, number>;
}

/** One step of the run. */
export interface ManifestStep {
  index: number;
  kind: "prefill" | "decode";
  /** Step annotation; null for the step the capture cut short (it has no marker). */
  name: string | null;
  /** Kernels the step dispatches on each rank. */
  dispatches: number;
}

/** What a generated trace contains. */
export interface Manifest {
  tool: "tracedeck gen";
  format: GenOptions["format"];
  seed: number;
  arch: string;
  device_name: string;
  model: string;
  ranks: number;
  batch_size: number;
  prompt_length: number;
  /** Files written (paths as generated). */
  files: string[];
  dispatches: { total: number; per_rank: number };
  steps: {
    /** Steps with a marker (complete steps) per rank. */
    marked: number;
    prefill: number;
    decode: number;
    dispatches_per_prefill_step: number;
    dispatches_per_decode_step: number;
    /** Kernels of the step the capture cut short (0 when none). */
    cut_short_dispatches: number;
  };
  /** Counts on each rank (every rank runs the same steps). */
  per_rank: {
    dispatches: number;
    /** Kernels replayed by a graph (RPD `Task` ops, ROCm Kineto "Dispatch Task"). */
    graph_replayed: number;
    /** Kernels launched directly (RPD `KernelExecution` ops). */
    direct: number;
    /** Host launch API calls (direct launches plus graph launches). */
    launch_api_calls: number;
    graph_launches: number;
    /** Host step ranges (Kineto user_annotation, roctx range, RPD UserMarker). */
    step_markers: number;
    /** GPU-side step ranges (Kineto gpu_user_annotation; 0 for other formats). */
    gpu_step_markers: number;
  };
  /** Kernel counts on each rank, labelled as in shared/corpus/kernel-names.tsv. */
  kernels_per_rank: KernelCounts;
  /** Kernel counts of one complete step of each kind. */
  kernels_per_step: { prefill: KernelCounts; decode: KernelCounts };
  step_list: ManifestStep[];
}

function bump(map: Record<string, number>, key: string, n: number) {
  map[key] = (map[key] ?? 0) + n;
}

/** Add `times` × the first `prefix` slots of `plan` to `counts`. */
function countSlots(counts: KernelCounts, plan: StepPlan, prefix: number, times: number) {
  if (!times) return;
  for (const slot of plan.slots.slice(0, prefix)) {
    const k = slot.kernel;
    bump(counts.by_category, k.category, times);
    bump(counts.by_label, k.label, times);
    bump(counts.by_name, k.name, times);
  }
}

function sorted(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sortedCounts(c: KernelCounts): KernelCounts {
  return {
    by_category: sorted(c.by_category),
    by_label: sorted(c.by_label),
    by_name: sorted(c.by_name),
  };
}

/** The manifest of a run generated with `opts` into `files`. */
export function buildManifest(opts: GenOptions, run: RunPlan, files: string[]): Manifest {
  const { prefill, decode } = run;
  const steps: ManifestStep[] = [];
  let graphReplayed = 0;
  let launches = 0;
  let graphLaunches = 0;
  for (const s of scheduleSteps(run)) {
    steps.push({ index: s.index, kind: s.plan.kind, name: s.name, dispatches: s.dispatches });
    const graphed = s.plan.graphStart < 0
      ? 0
      : Math.max(0, Math.min(s.dispatches, s.plan.graphEnd) - s.plan.graphStart);
    graphReplayed += graphed;
    launches += s.dispatches - graphed;
    if (graphed > 0) {
      graphLaunches++;
      launches++;
    }
  }
  const counts: KernelCounts = { by_category: {}, by_label: {}, by_name: {} };
  countSlots(counts, prefill, prefill.slots.length, run.prefillSteps);
  countSlots(counts, decode, decode.slots.length, run.decodeSteps);
  countSlots(counts, decode, run.tailDispatches, 1);
  const perStep = (plan: StepPlan): KernelCounts => {
    const c: KernelCounts = { by_category: {}, by_label: {}, by_name: {} };
    countSlots(c, plan, plan.slots.length, 1);
    return sortedCounts(c);
  };
  const marked = run.prefillSteps + run.decodeSteps;
  return {
    tool: "tracedeck gen",
    format: opts.format,
    seed: opts.seed,
    arch: run.arch,
    device_name: run.hw.deviceName,
    model: run.model.id,
    ranks: run.ranks,
    batch_size: run.batch,
    prompt_length: run.promptLength,
    files,
    dispatches: { total: run.dispatchesPerRank * run.ranks, per_rank: run.dispatchesPerRank },
    steps: {
      marked,
      prefill: run.prefillSteps,
      decode: run.decodeSteps,
      dispatches_per_prefill_step: prefill.slots.length,
      dispatches_per_decode_step: decode.slots.length,
      cut_short_dispatches: run.tailDispatches,
    },
    per_rank: {
      dispatches: run.dispatchesPerRank,
      graph_replayed: graphReplayed,
      direct: run.dispatchesPerRank - graphReplayed,
      launch_api_calls: launches,
      graph_launches: graphLaunches,
      step_markers: marked,
      gpu_step_markers: opts.format === "kineto" ? marked : 0,
    },
    kernels_per_rank: sortedCounts(counts),
    kernels_per_step: { prefill: perStep(prefill), decode: perStep(decode) },
    step_list: steps,
  };
}

/** Where the manifest of an output goes: `<out>.manifest.json`. */
export function manifestPath(out: string): string {
  return `${out.replace(/\/+$/, "")}.manifest.json`;
}
