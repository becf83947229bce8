/**
 * The A/B regression thresholds, as queries/bench/ab.sql applies them (its
 * flags decide; these numbers only label the report and its figures).
 *
 * @module
 */

/** A throughput ratio (candidate / baseline) below 1 − this / 100 is a regression. */
export const THROUGHPUT_DROP_PCT = 5;

/** A latency ratio (baseline / candidate) below 1 / (1 + this / 100) is a regression. */
export const LATENCY_RISE_PCT = 10;

/** The ratios of a bench_ab row the report shows, with the flag that marks each a regression. */
export const RATIOS = [
  {
    key: "output_tput",
    title: "output tok/s",
    ratio: "output_tput_ratio",
    flag: "throughput_regressed",
  },
  {
    key: "total_tput",
    title: "total tok/s",
    ratio: "total_tput_ratio",
    flag: "total_tput_regressed",
  },
  { key: "median_ttft", title: "TTFT median", ratio: "median_ttft_ratio", flag: "ttft_regressed" },
  { key: "p99_ttft", title: "TTFT p99", ratio: "p99_ttft_ratio", flag: "p99_ttft_regressed" },
  { key: "median_tpot", title: "TPOT median", ratio: "median_tpot_ratio", flag: "tpot_regressed" },
  { key: "p99_tpot", title: "TPOT p99", ratio: "p99_tpot_ratio", flag: "p99_tpot_regressed" },
] as const;

/** The ratios of a bench_ab row that passed their threshold (keys of {@link RATIOS}). */
export function regressedRatios(row: Record<string, unknown>): string[] {
  return RATIOS.filter((r) => row[r.flag] === true).map((r) => r.key);
}

/**
 * Whether a bench_ab row is an improvement the report counts: ab.sql's
 * `improved` (throughput or a median latency better past its threshold)
 * with no ratio regressed, p99 and total throughput included.
 */
export function improvedPoint(row: Record<string, unknown>): boolean {
  return row.improved === true && regressedRatios(row).length === 0;
}
