/**
 * The timeline: runs every step on every rank in lock-step and hands the
 * resulting launches, dispatches and step ranges to a writer.
 *
 * Per rank a host clock (Python and API time) and a GPU clock advance. A
 * directly launched kernel starts when both its launch returned and the GPU
 * is free; replayed kernels follow each other with short graph gaps. An
 * all-reduce starts on each rank when that rank arrives and ends on all ranks
 * together, shortly after the last one arrives — so early ranks wait. Each
 * rank runs slightly faster or slower, every kernel gets lognormal noise and
 * rare outliers, and steps are separated by host-bound gaps with occasional
 * long stalls.
 *
 * @module
 */
import type { TraceSink } from "./events.ts";
import { captureStartNs } from "./ranks.ts";
import { Rng } from "./rng.ts";
import { type RunPlan, scheduleSteps } from "./schedule.ts";

/** Host time spent preparing a step before its first launch, ns. */
const PREP_NS = { decode: [60_000, 160_000], prefill: [300_000, 900_000] } as const;
/** Python time between two direct launches, ns. */
const PY_GAP_NS: [number, number] = [6_000, 18_000];
/** Host time between the graph launch and the sampler's first launch, ns. */
const SAMPLER_PREP_NS: [number, number] = [30_000, 80_000];
/** Host time from step end to the next step (scheduling), ns. */
const HOST_GAP_NS: [number, number] = [100_000, 350_000];
/** Probability and size of a long host stall between steps (GC, scheduling), ns. */
const STALL_P = 0.005;
const STALL_NS: [number, number] = [1_000_000, 4_000_000];
/** Kernel noise: lognormal sigma, outlier probability and factor. */
const NOISE_SIGMA = 0.05;
const OUTLIER_P = 0.001;
const OUTLIER_FACTOR: [number, number] = [1.5, 3];
/** Spread of per-rank speed (sigma of a normal around 1). */
const RANK_SPEED_SIGMA = 0.015;
/** How far apart the ranks' processes start, ns. */
const RANK_START_SPREAD_NS: [number, number] = [0, 50_000];
/** From a direct launch returning to its kernel being runnable, ns. */
const LAUNCH_LATENCY_NS: [number, number] = [1_500, 4_000];
/** From a graph launch call to its first kernel being runnable, ns. */
const GRAPH_LATENCY_NS: [number, number] = [8_000, 20_000];
/** Host time after the last kernel until the step's host range closes (sync, .tolist()), ns. */
const STEP_SYNC_NS: [number, number] = [15_000, 40_000];
/** Spread of an all-reduce's end across ranks, ns. */
const COLLECTIVE_SKEW_NS: [number, number] = [0, 1_200];
/** Noise may take a kernel below the hardware floor by this much at most. */
const FLOOR_SLACK = 0.8;

/** Generate the run's timeline into `sink` (flushed after every step). */
export async function runTimeline(run: RunPlan, seed: number, sink: TraceSink): Promise<void> {
  const rng = new Rng(seed);
  const n = run.ranks;
  const hw = run.hw;
  const t0 = captureStartNs(seed);
  const shortest = Math.round(hw.kernelFloorNs * FLOOR_SLACK);
  const span = ([lo, hi]: readonly [number, number]) => Math.round(rng.between(lo, hi));
  const cpu = Array.from({ length: n }, () => t0 + span(RANK_START_SPREAD_NS));
  const gpu = cpu.slice();
  const corr = Array.from({ length: n }, () => rng.int(1, 500));
  const speed = Array.from({ length: n }, () => 1 + RANK_SPEED_SIGMA * rng.normal());
  const graphCorr = new Array<number>(n).fill(0);
  const graphReady = new Array<number>(n).fill(0);
  const stepCorr = new Array<number>(n).fill(0);
  const cpuStart = new Array<number>(n).fill(0);
  const gpuStart = new Array<number>(n).fill(0);
  const arrive = new Array<number>(n).fill(0);
  const ends = new Array<number>(n).fill(0);
  const dispatchCorr = new Array<number>(n).fill(0);

  for (const step of scheduleSteps(run)) {
    const plan = step.plan;
    const ctx = step.context;
    for (let r = 0; r < n; r++) {
      cpuStart[r] = cpu[r];
      stepCorr[r] = corr[r]++;
      cpu[r] += span(PREP_NS[plan.kind]);
      gpuStart[r] = -1;
    }
    for (let i = 0; i < step.dispatches; i++) {
      const slot = plan.slots[i];
      const grid = slot.grid + slot.gridPerKCtx * Math.ceil(ctx / 1024);
      if (i === plan.graphStart) {
        for (let r = 0; r < n; r++) {
          const api = hw.launch.graph;
          const start = cpu[r];
          const end = start + span(api.durationNs);
          graphCorr[r] = corr[r]++;
          graphReady[r] = start + span(GRAPH_LATENCY_NS);
          sink.launch({ rank: r, api, start, end, correlation: graphCorr[r], slot: null, grid: 0 });
          cpu[r] = end;
        }
      }
      if (i === plan.graphEnd) { for (let r = 0; r < n; r++) cpu[r] += span(SAMPLER_PREP_NS); }
      const base = slot.fixedNs + slot.perCtxNs * ctx;
      for (let r = 0; r < n; r++) {
        let correlation: number;
        if (slot.graph) {
          correlation = graphCorr[r];
          const ready = i === plan.graphStart ? graphReady[r] : 0;
          arrive[r] = Math.max(gpu[r] + span(hw.graphGapNs), ready);
        } else {
          cpu[r] += span(PY_GAP_NS);
          const api = hw.launch[slot.kernel.launch];
          const start = cpu[r];
          const end = start + span(api.durationNs);
          correlation = corr[r]++;
          sink.launch({ rank: r, api, start, end, correlation, slot, grid });
          cpu[r] = end;
          arrive[r] = Math.max(gpu[r] + span(hw.eagerGapNs), end + span(LAUNCH_LATENCY_NS));
        }
        let d = base * speed[r] * rng.jitter(NOISE_SIGMA);
        if (rng.chance(OUTLIER_P)) d *= rng.between(OUTLIER_FACTOR[0], OUTLIER_FACTOR[1]);
        ends[r] = arrive[r] + Math.max(shortest, Math.round(d));
        if (gpuStart[r] < 0) gpuStart[r] = arrive[r];
        dispatchCorr[r] = correlation;
      }
      if (slot.collective) {
        let last = 0;
        for (let r = 0; r < n; r++) last = Math.max(last, arrive[r]);
        const transfer = Math.round(base * rng.jitter(NOISE_SIGMA / 2));
        for (let r = 0; r < n; r++) ends[r] = last + transfer + span(COLLECTIVE_SKEW_NS);
      }
      for (let r = 0; r < n; r++) {
        sink.dispatch({
          rank: r,
          slot,
          start: arrive[r],
          end: ends[r],
          correlation: dispatchCorr[r],
          grid,
        });
        gpu[r] = ends[r];
      }
    }
    if (step.name !== null) {
      for (let r = 0; r < n; r++) {
        const cpuEnd = Math.max(cpu[r], gpu[r]) + span(STEP_SYNC_NS);
        sink.step({
          rank: r,
          step,
          name: step.name,
          cpuStart: cpuStart[r],
          cpuEnd,
          gpuStart: gpuStart[r],
          gpuEnd: gpu[r],
          correlation: stepCorr[r],
        });
        cpu[r] = cpuEnd + span(HOST_GAP_NS) + (rng.chance(STALL_P) ? span(STALL_NS) : 0);
      }
    }
    await sink.flush();
  }
}
