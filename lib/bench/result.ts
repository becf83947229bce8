/**
 * The canonical benchmark result: one row of `bench_results` (queries/schema.sql)
 * plus its statistics for `bench_result_stats`, as every variant loader hands
 * it over.
 *
 * @module
 */

/** The four latency metrics with wide columns. */
export const LATENCY_METRICS = ["ttft", "tpot", "itl", "e2el"] as const;
/** The statistics kept as wide columns. */
export const WIDE_STATS = ["mean", "median", "p90", "p99"] as const;

/** One statistic of a result (a `bench_result_stats` row without its id). */
export interface StatValue {
  /** ttft | tpot | itl | e2el | interactivity | input_tokens | ... */
  metric: string;
  /** mean | median | std | min | max | p<N> */
  stat: string;
  /** The value in `unit`. */
  value: number;
  /** ms | tok/s/user | tokens | req/s ... */
  unit: string;
}

/** The scalar columns of `bench_results` (everything but run_id and result_id). */
export interface BenchColumns {
  source_file: string;
  source_index: number;
  variant: string;
  label: string | null;
  model: string | null;
  backend: string | null;
  hardware: string | null;
  gpu_model: string | null;
  arch: string | null;
  hbm_tbps: number | null;
  gpu_count: number | null;
  image: string | null;
  precision: string | null;
  parallelism: string | null;
  tp: number | null;
  pp: number | null;
  dp: number | null;
  ep: number | null;
  dp_attention: boolean | null;
  isl: number | null;
  osl: number | null;
  concurrency: number | null;
  request_rate: number | null;
  dataset: string | null;
  scenario: string | null;
  num_prompts: number | null;
  completed: number | null;
  failed: number | null;
  duration_s: number | null;
  total_input_tokens: number | null;
  total_output_tokens: number | null;
  mean_input_len: number | null;
  mean_output_len: number | null;
  request_throughput: number | null;
  request_goodput: number | null;
  input_throughput: number | null;
  output_throughput: number | null;
  total_throughput: number | null;
  tput_per_gpu: number | null;
  output_tput_per_gpu: number | null;
  interactivity: number | null;
  mean_concurrency: number | null;
  accept_length: number | null;
  acceptance_rate: number | null;
  mean_ttft_ms: number | null;
  median_ttft_ms: number | null;
  p90_ttft_ms: number | null;
  p99_ttft_ms: number | null;
  mean_tpot_ms: number | null;
  median_tpot_ms: number | null;
  p90_tpot_ms: number | null;
  p99_tpot_ms: number | null;
  mean_itl_ms: number | null;
  median_itl_ms: number | null;
  p90_itl_ms: number | null;
  p99_itl_ms: number | null;
  mean_e2el_ms: number | null;
  median_e2el_ms: number | null;
  p90_e2el_ms: number | null;
  p99_e2el_ms: number | null;
  tpot_source: "reported" | "derived" | null;
  ignore_eos: boolean | null;
  ignore_eos_evidence: string | null;
  rate_limited: boolean | null;
  finished_at: string | null;
}

/** A normalised result: its columns, its statistics and its free-form metadata. */
export interface BenchResult extends BenchColumns {
  /** Every statistic found (latencies in ms), for `bench_result_stats`. */
  stats: StatValue[];
  /** Other scalar fields of the source, stored as the `metadata` JSON text. */
  metadata: Record<string, string | number | boolean>;
}

/** The names of the scalar columns in table order (after run_id, result_id). */
export const BENCH_COLUMNS: readonly (keyof BenchColumns)[] = [
  "source_file",
  "source_index",
  "variant",
  "label",
  "model",
  "backend",
  "hardware",
  "gpu_model",
  "arch",
  "hbm_tbps",
  "gpu_count",
  "image",
  "precision",
  "parallelism",
  "tp",
  "pp",
  "dp",
  "ep",
  "dp_attention",
  "isl",
  "osl",
  "concurrency",
  "request_rate",
  "dataset",
  "scenario",
  "num_prompts",
  "completed",
  "failed",
  "duration_s",
  "total_input_tokens",
  "total_output_tokens",
  "mean_input_len",
  "mean_output_len",
  "request_throughput",
  "request_goodput",
  "input_throughput",
  "output_throughput",
  "total_throughput",
  "tput_per_gpu",
  "output_tput_per_gpu",
  "interactivity",
  "mean_concurrency",
  "accept_length",
  "acceptance_rate",
  "mean_ttft_ms",
  "median_ttft_ms",
  "p90_ttft_ms",
  "p99_ttft_ms",
  "mean_tpot_ms",
  "median_tpot_ms",
  "p90_tpot_ms",
  "p99_tpot_ms",
  "mean_itl_ms",
  "median_itl_ms",
  "p90_itl_ms",
  "p99_itl_ms",
  "mean_e2el_ms",
  "median_e2el_ms",
  "p90_e2el_ms",
  "p99_e2el_ms",
  "tpot_source",
  "ignore_eos",
  "ignore_eos_evidence",
  "rate_limited",
  "finished_at",
] as const; // deno-fmt-ignore

/** A result with every column NULL, for a variant loader to fill. */
export function emptyResult(variant: string, sourceFile: string, sourceIndex: number): BenchResult {
  const r: Record<string, unknown> = {};
  for (const c of BENCH_COLUMNS) r[c] = null;
  return Object.assign(r as unknown as BenchResult, {
    source_file: sourceFile,
    source_index: sourceIndex,
    variant,
    stats: [],
    metadata: {},
  });
}

/**
 * Record a statistic: append it to `stats` and, for a latency metric and a
 * wide statistic, set its column (`median_ttft_ms` …) unless already set.
 */
export function putStat(r: BenchResult, s: StatValue): void {
  r.stats.push(s);
  const stat = s.stat === "p50" ? "median" : s.stat;
  if (
    (LATENCY_METRICS as readonly string[]).includes(s.metric) &&
    (WIDE_STATS as readonly string[]).includes(stat)
  ) {
    const col = `${stat}_${s.metric}_ms` as keyof BenchColumns;
    if (r[col] === null) (r as unknown as Record<string, unknown>)[col] = s.value;
  }
}
