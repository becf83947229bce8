/**
 * The run as a sequence of steps: a few warm-up prefill steps, then decode
 * steps until each rank's share of `--dispatches` is used up; what is left
 * over is a decode step the capture window cut short (kernels without a step
 * marker). Also names each step the way vLLM annotates it.
 *
 * @module
 */
import { UsageError } from "../cli/errors.ts";
import { type Arch, type Hardware, hardwareFor } from "./hardware.ts";
import { MODELS, type ModelShape } from "./models.ts";
import type { GenOptions } from "./options.ts";
import { type Palette, paletteFor } from "./palettes.ts";
import { decodePlan, prefillPlan, type StepPlan } from "./step_plan.ts";

/** vLLM's default token budget per step (max_num_batched_tokens). */
const PREFILL_TOKEN_BUDGET = 8192;
/** Decode steps after which the batch's requests are replaced (contexts restart). */
const DECODE_LENGTH = 1024;

/** Everything fixed about a run before its first step. */
export interface RunPlan {
  arch: Arch;
  hw: Hardware;
  model: ModelShape;
  palette: Palette;
  ranks: number;
  batch: number;
  promptLength: number;
  prefill: StepPlan;
  decode: StepPlan;
  prefillSteps: number;
  decodeSteps: number;
  /** Dispatches of the step the capture cut short (0 when none). */
  tailDispatches: number;
  dispatchesPerRank: number;
}

/** One step as the timeline runs it. */
export interface ScheduledStep {
  /** 0-based step number within the run. */
  index: number;
  plan: StepPlan;
  /** The step annotation, or null for a step cut short (no marker recorded). */
  name: string | null;
  /** Mean context length per request during the step. */
  context: number;
  /** Kernels this step dispatches (all of the plan's, or the cut-short prefix). */
  dispatches: number;
}

/** Resolve models, kernels and step counts for a request. */
export function planRun(o: GenOptions): RunPlan {
  const hw = hardwareFor(o.arch);
  const model = MODELS[o.model];
  const palette = paletteFor(o.arch, o.ranks);
  const promptLength = o.context;
  const input = {
    model,
    hw,
    palette,
    tp: o.ranks,
    batch: o.batch,
    promptLength,
    prefillRequests: Math.max(
      1,
      Math.min(o.batch, Math.floor(PREFILL_TOKEN_BUDGET / promptLength)),
    ),
  };
  const prefill = prefillPlan(input);
  const decode = decodePlan(input);
  const perRank = o.dispatches / o.ranks;
  const warmup = o.prefillSteps * prefill.slots.length;
  const needed = warmup + decode.slots.length;
  if (perRank < needed) {
    throw new UsageError(
      `--dispatches ${o.dispatches} gives ${perRank} per rank; ${model.id} on ${o.arch} needs at least ${needed} per rank (${o.prefillSteps} prefill steps of ${prefill.slots.length} and one decode step of ${decode.slots.length})`,
    );
  }
  const decodeSteps = Math.floor((perRank - warmup) / decode.slots.length);
  return {
    arch: o.arch,
    hw,
    model,
    palette,
    ranks: o.ranks,
    batch: o.batch,
    promptLength,
    prefill,
    decode,
    prefillSteps: o.prefillSteps,
    decodeSteps,
    tailDispatches: perRank - warmup - decodeSteps * decode.slots.length,
    dispatchesPerRank: perRank,
  };
}

/** Sum of the requests' sequence lengths around a mean `context`, in a fixed spread. */
function sequenceSum(batch: number, context: number): number {
  let sum = 0;
  for (let i = 0; i < batch; i++) sum += Math.max(1, context + ((i * 7919) % 257) - 128);
  return sum;
}

/** vLLM's step annotation for a prefill of `requests` prompts of `length` tokens. */
export function prefillStepName(requests: number, length: number): string {
  const t = requests * length;
  const sq2 = requests * length * length;
  return `execute_${requests}_context_${requests}(sq${t}sk${t}sqsq${sq2}sqsk${sq2})` +
    `_generation_0(sq0sk0sqsq0sqsk0)`;
}

/** vLLM's step annotation for a decode of `batch` requests whose contexts sum to `seqSum`. */
export function decodeStepName(batch: number, seqSum: number): string {
  return `execute_${batch}_context_0(sq0sk0sqsq0sqsk0)` +
    `_generation_${batch}(sq${batch}sk${seqSum}sqsq${batch}sqsk${seqSum})`;
}

/** The run's steps in order (prefill, decode, then the cut-short step if any). */
export function* scheduleSteps(run: RunPlan): Generator<ScheduledStep> {
  let index = 0;
  const { prefill, decode } = run;
  for (let i = 0; i < run.prefillSteps; i++) {
    yield {
      index: index++,
      plan: prefill,
      name: prefillStepName(prefill.requests, run.promptLength),
      context: run.promptLength,
      dispatches: prefill.slots.length,
    };
  }
  const total = run.decodeSteps + (run.tailDispatches > 0 ? 1 : 0);
  for (let d = 0; d < total; d++) {
    const context = run.promptLength + (d % DECODE_LENGTH);
    const cut = d === run.decodeSteps;
    yield {
      index: index++,
      plan: decode,
      name: cut ? null : decodeStepName(run.batch, sequenceSum(run.batch, context)),
      context,
      dispatches: cut ? run.tailDispatches : decode.slots.length,
    };
  }
}
