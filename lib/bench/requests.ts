/**
 * Per-request arrays of a benchmark result (`input_lens`, `output_lens`,
 * `ttfts`, `itls`, `errors`, `generated_texts`, written by vLLM
 * `--save-detailed` and SGLang `--output-details`): collected batch by batch
 * while the file streams past, then used to fill statistics the file lacks
 * (TPOT per request = (latency − TTFT) / (output_len − 1), with latency − TTFT
 * = the sum of the request's inter-token latencies) and to judge whether
 * `--ignore-eos` was in force.
 *
 * @module
 */
import { type BenchResult, putStat } from "./result.ts";

/** The top-level keys that hold one entry per request. */
export const REQUEST_ARRAY_KEYS: ReadonlySet<string> = new Set([
  "input_lens",
  "output_lens",
  "ttfts",
  "itls",
  "errors",
  "generated_texts",
]);

/** The per-request arrays of one result, reduced to what the analysis needs. */
export class RequestArrays {
  /** Prompt length per request (tokens). */
  readonly inputLens: number[] = [];
  /** Output length per request (tokens; 0 for a failed request). */
  readonly outputLens: number[] = [];
  /** Time to first token per request (seconds). */
  readonly ttfts: number[] = [];
  /** Sum of the inter-token latencies per request (seconds) = latency − TTFT. */
  readonly itlSums: number[] = [];
  /** Whether each request failed (a non-empty error). */
  readonly errors: boolean[] = [];
  /** Which of the keys were present. */
  readonly present = new Set<string>();

  /** Add a batch of entries of the array under `key`. */
  add(key: string, items: unknown[]): void {
    this.present.add(key);
    switch (key) {
      case "input_lens":
        for (const v of items) this.inputLens.push(Number(v));
        break;
      case "output_lens":
        for (const v of items) this.outputLens.push(Number(v));
        break;
      case "ttfts":
        for (const v of items) this.ttfts.push(Number(v));
        break;
      case "itls":
        for (const v of items) {
          let s = 0;
          if (Array.isArray(v)) { for (const x of v) s += Number(x); }
          this.itlSums.push(s);
        }
        break;
      case "errors":
        for (const v of items) this.errors.push(typeof v === "string" ? v.length > 0 : Boolean(v));
        break;
    }
  }

  /** Number of requests with a recorded error, or null without an `errors` array. */
  get failedCount(): number | null {
    return this.present.has("errors") ? this.errors.filter(Boolean).length : null;
  }

  /** Output lengths of the requests that succeeded. */
  #okOutputs(): number[] {
    return this.outputLens.filter((_, i) => !this.errors[i]);
  }

  /**
   * Fill TTFT, TPOT and E2E latency statistics the file does not report from
   * the per-request values (TPOT needs `itls`; requests with fewer than two
   * output tokens have no TPOT, as in vLLM).
   */
  fillStats(r: BenchResult): void {
    const ok = (i: number) => !this.errors[i];
    const n = this.outputLens.length;
    const tpots: number[] = [];
    const e2els: number[] = [];
    if (this.itlSums.length === n && this.ttfts.length === n) {
      for (let i = 0; i < n; i++) {
        if (!ok(i)) continue;
        e2els.push((this.ttfts[i] + this.itlSums[i]) * 1000);
        if (this.outputLens[i] > 1) tpots.push((this.itlSums[i] * 1000) / (this.outputLens[i] - 1));
      }
    }
    const ttfts = this.ttfts.filter((_, i) => ok(i)).map((s) => s * 1000);
    const fill = (metric: "ttft" | "tpot" | "e2el", values: number[]) => {
      if (!values.length || r.stats.some((s) => s.metric === metric)) return false;
      const sorted = [...values].sort((a, b) => a - b);
      const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
      putStat(r, { metric, stat: "mean", value: mean, unit: "ms" });
      for (const [stat, p] of [["median", 50], ["p90", 90], ["p99", 99]] as const) {
        putStat(r, { metric, stat, value: percentile(sorted, p), unit: "ms" });
      }
      return true;
    };
    fill("ttft", ttfts);
    if (fill("tpot", tpots)) r.tpot_source = "derived";
    fill("e2el", e2els);
  }

  /**
   * Whether outputs were forced to their full length, judged from the output
   * lengths: all equal (to `osl` when known) means forced; lengths that vary
   * while every prompt has the same length (a fixed-length synthetic dataset)
   * means requests stopped at EOS. Null when the arrays cannot tell.
   */
  ignoreEos(osl: number | null): { value: boolean; evidence: string } | null {
    const outs = this.#okOutputs();
    if (!outs.length) return null;
    const min = Math.min(...outs), max = Math.max(...outs);
    if (min === max) {
      if (osl !== null && min !== osl) {
        return {
          value: false,
          evidence: `all ${outs.length} outputs are ${min} tokens, not OSL ${osl}`,
        };
      }
      return {
        value: true,
        evidence: `all ${outs.length} per-request output lengths are ${min} tokens`,
      };
    }
    const ins = this.inputLens.filter((_, i) => !this.errors[i]);
    if (ins.length && Math.min(...ins) === Math.max(...ins)) {
      return {
        value: false,
        evidence: `output lengths vary (${min}..${max} tokens) although every prompt is ${
          ins[0]
        } tokens`,
      };
    }
    return null;
  }
}

/** The p-th percentile of sorted values with linear interpolation (numpy's default). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 1) return sorted[0];
  const pos = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
