/**
 * Statistic keys of benchmark results, normalised: `mean_ttft_ms`,
 * `p99.9_itl_ms` (vLLM, milliseconds), `median_e2e_latency_ms` (SGLang),
 * `median_ttft` / `p90_tpot` (InferenceX, seconds — no `_ms`), `mean_intvty`,
 * `p75_input_tokens`, `p95_output_tokens_actual` (InferenceX aggregates).
 *
 * @module
 */
import type { StatValue } from "./result.ts";

const STAT = "(mean|avg|median|std|min|max|p\\d+(?:\\.\\d+)?)";
const LATENCY_KEY = new RegExp(`^${STAT}_(ttft|tpot|itl|e2el|e2e_latency)(_ms)?$`);
const OTHER_KEY = new RegExp(`^${STAT}_(intvty|input_tokens|output_tokens_actual|qps)$`);

const OTHER_METRIC: Record<string, { metric: string; unit: string }> = {
  intvty: { metric: "interactivity", unit: "tok/s/user" },
  input_tokens: { metric: "input_tokens", unit: "tokens" },
  output_tokens_actual: { metric: "output_tokens", unit: "tokens" },
  qps: { metric: "qps", unit: "req/s" },
};

/** The canonical statistic name: avg → mean, p50 → median. */
export function statName(stat: string): string {
  return stat === "avg" ? "mean" : stat === "p50" ? "median" : stat;
}

/**
 * The statistic a result key holds, with its value converted (seconds → ms
 * for latency keys without `_ms`), or null when the key is not a statistic.
 */
export function parseStatKey(key: string, value: unknown): StatValue | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  const lat = LATENCY_KEY.exec(key);
  if (lat) {
    const metric = lat[2] === "e2e_latency" ? "e2el" : lat[2];
    return { metric, stat: statName(lat[1]), value: lat[3] ? value : value * 1000, unit: "ms" };
  }
  const other = OTHER_KEY.exec(key);
  if (other) {
    const { metric, unit } = OTHER_METRIC[other[2]];
    return { metric, stat: statName(other[1]), value, unit };
  }
  return null;
}
