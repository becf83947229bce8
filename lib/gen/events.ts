/**
 * The events the timeline hands to a format writer: host launches, kernel
 * dispatches and step ranges, all in integer ns on the capture's clock, and
 * the interface every writer implements.
 *
 * @module
 */
import type { LaunchApi } from "./hardware.ts";
import type { ScheduledStep } from "./schedule.ts";
import type { Slot } from "./step_plan.ts";

/** A host API call that launched a kernel or a graph. */
export interface LaunchEvent {
  rank: number;
  api: LaunchApi;
  start: number;
  end: number;
  correlation: number;
  /** The kernel this call launched, or null for a graph launch. */
  slot: Slot | null;
  /** Workgroups of the launched kernel (0 for a graph launch). */
  grid: number;
}

/** One kernel execution on a rank's GPU. */
export interface DispatchEvent {
  rank: number;
  slot: Slot;
  start: number;
  end: number;
  /** Correlation id of the launch (the graph launch for replayed kernels). */
  correlation: number;
  /** Workgroups launched. */
  grid: number;
}

/** A completed step: its host range (the annotation) and the GPU span of its kernels. */
export interface StepEvent {
  rank: number;
  step: ScheduledStep;
  /** The annotation text (never null here: cut-short steps get no event). */
  name: string;
  cpuStart: number;
  cpuEnd: number;
  gpuStart: number;
  gpuEnd: number;
  /** Correlation id of the marker call. */
  correlation: number;
}

/** A format writer. Event methods buffer; `flush` writes when buffers are large. */
export interface TraceSink {
  launch(e: LaunchEvent): void;
  dispatch(e: DispatchEvent): void;
  step(e: StepEvent): void;
  /** Called after every step. */
  flush(): Promise<void>;
  /** Finish every file; returns the paths written. */
  close(): Promise<string[]>;
}
