/**
 * Axis settings shared by the benchmark figures: client concurrency on a
 * base-2 log scale ticked at the measured values, and log throughput axes.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";

/** An x axis for client concurrency ticked at `values` (log scale when they span a range). */
export function concurrencyAxis(values: number[]): Plot.ScaleOptions {
  const ticks = [...new Set(values)].sort((a, b) => a - b);
  const log = ticks.length > 1 && ticks[0] > 0;
  return {
    type: log ? "log" : "linear",
    base: log ? 2 : undefined,
    ticks,
    tickFormat: "d",
    label: "client concurrency",
    labelAnchor: "center",
    labelArrow: "none",
  };
}

/**
 * A log axis for values spanning more than a factor of four, else linear
 * (from zero unless `zero` is false).
 */
export function magnitudeAxis(values: number[], label: string, zero = true): Plot.ScaleOptions {
  const positive = values.filter((v) => v > 0);
  const spread = positive.length ? Math.max(...positive) / Math.min(...positive) : 1;
  return spread > 4 && positive.length === values.length
    ? { type: "log", label, grid: true, tickFormat: "~s", labelArrow: "none" }
    : { type: "linear", label, grid: true, zero, nice: true, tickFormat: "~s", labelArrow: "none" };
}
