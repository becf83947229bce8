/**
 * Measuring one step inside a process: wall time, CPU time (user + system,
 * every thread, so DuckDB's workers count) and the peak resident set size
 * during the step. The peak is the kernel's VmHWM, reset at the start of the
 * step through /proc/self/clear_refs (Linux); elsewhere it is the process
 * peak so far.
 *
 * @module
 */
import process from "node:process";

/** What one step cost. */
export interface StepSample {
  /** Wall-clock time (ms). */
  wall_ms: number;
  /** CPU time of the whole process during the step, all threads (ms). */
  cpu_ms: number;
  /** Peak resident set size during the step (MiB), null where the OS does not say. */
  peak_rss_mib: number | null;
}

/** CPU time of this process so far, user + system, in ms. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The process's peak resident set size (VmHWM) in MiB, or null off Linux. */
export function peakRssMib(): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(Deno.readTextFileSync("/proc/self/status"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Reset the peak RSS to the current RSS; false where that is not possible. */
export function resetPeakRss(): boolean {
  try {
    Deno.writeTextFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** Run `fn` and return its result with what it cost. */
export async function measureStep<T>(fn: () => Promise<T>): Promise<[T, StepSample]> {
  resetPeakRss();
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const out = await fn();
  const sample = {
    wall_ms: performance.now() - t0,
    cpu_ms: cpuMs() - cpu0,
    peak_rss_mib: peakRssMib(),
  };
  return [out, sample];
}
