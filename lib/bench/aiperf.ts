/**
 * NVIDIA AIPerf `profile_export_aiperf.json`: one object per metric
 * `{unit, avg, p1 … p99, min, max, std}` plus `input_config` (model,
 * concurrency, request rate, request extras such as `ignore_eos`) and
 * `error_summary`. AIPerf's `inter_token_latency` is per-request
 * (latency − TTFT) / (output tokens − 1), i.e. vLLM's TPOT; its
 * `inter_chunk_latency` is vLLM's ITL.
 *
 * @module
 */
import type { BenchVariant } from "./variant.ts";
import { readBenchDocs } from "./read.ts";
import { type BenchColumns, type BenchResult, emptyResult, putStat } from "./result.ts";
import { addMetadata, finishResult, requireAnyField } from "./record.ts";
import { statName } from "./stats.ts";
import { bool, clientDate, int, num, str } from "./values.ts";

/** AIPerf metrics with a canonical name. */
const METRICS: Readonly<Record<string, string>> = {
  time_to_first_token: "ttft",
  inter_token_latency: "tpot",
  inter_chunk_latency: "itl",
  request_latency: "e2el",
  output_token_throughput_per_user: "interactivity",
  input_sequence_length: "input_tokens",
  output_sequence_length: "output_tokens",
};

/** Canonical latency metrics, stored in milliseconds. */
const LATENCY = new Set(["ttft", "tpot", "itl", "e2el"]);
/** Factors from AIPerf time units to milliseconds. */
const TO_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, sec: 1000 };

/** AIPerf metrics whose average is a result column. */
const COLUMNS: Readonly<Record<string, keyof BenchColumns>> = {
  request_throughput: "request_throughput",
  output_token_throughput: "output_throughput",
  input_token_throughput: "input_throughput",
  total_token_throughput: "total_throughput",
  request_count: "completed",
  benchmark_duration: "duration_s",
  total_isl: "total_input_tokens",
  total_osl: "total_output_tokens",
  effective_concurrency: "mean_concurrency",
};

interface MetricObject {
  unit: string;
  [stat: string]: unknown;
}

function isMetric(v: unknown): v is MetricObject {
  return !!v && typeof v === "object" && typeof (v as MetricObject).unit === "string";
}

/** The AIPerf export family. */
export const aiperf: BenchVariant = {
  id: "aiperf",
  title: "NVIDIA AIPerf profile_export_aiperf.json",
  sniff: (head) =>
    /"aiperf_version"\s*:|"schema_version"\s*:/.test(head) &&
    /"(time_to_first_token|request_latency|request_throughput)"\s*:\s*\{/.test(head),
  async load(file, ctx) {
    const docs = await readBenchDocs(file);
    return docs.map((doc) => {
      requireAnyField(file.path, `export ${doc.index}`, doc.fields, [
        "time_to_first_token",
        "request_latency",
      ], "an AIPerf export");
      const r = emptyResult("aiperf", file.path, doc.index);
      for (const [key, value] of Object.entries(doc.fields)) {
        if (isMetric(value)) addMetric(r, key, value);
        else if (key === "input_config") applyInputConfig(r, value);
        else if (key === "error_summary" && Array.isArray(value)) r.failed = errorCount(value);
        else if (key === "end_time") r.finished_at = clientDate(value);
        else addMetadata(r, key, value);
      }
      return finishResult(r, ctx, doc.requests);
    });
  },
};

function addMetric(r: BenchResult, key: string, m: MetricObject): void {
  const column = COLUMNS[key];
  const avg = num(m.avg);
  if (column && avg !== null) (r as unknown as Record<string, unknown>)[column] = avg;
  const metric = METRICS[key] ?? key;
  const toMs = LATENCY.has(metric) ? TO_MS[m.unit] : undefined;
  for (const [stat, v] of Object.entries(m)) {
    if (stat === "unit" || stat === "count" || stat === "sum") continue;
    const value = num(v);
    if (value === null || !Number.isFinite(value)) continue;
    if (toMs !== undefined) {
      putStat(r, { metric, stat: statName(stat), value: value * toMs, unit: "ms" });
    } else putStat(r, { metric, stat: statName(stat), value, unit: m.unit });
  }
  if (key === "output_token_throughput_per_user") r.interactivity = num(m.p50) ?? avg;
}

function applyInputConfig(r: BenchResult, v: unknown): void {
  const c = (v && typeof v === "object" ? v : {}) as Record<string, Record<string, unknown>>;
  const endpoint = c.endpoint ?? {};
  const input = c.input ?? {};
  const loadgen = c.loadgen ?? {};
  const models = endpoint.model_names;
  r.model ??= Array.isArray(models) ? str(models[0]) : null;
  r.concurrency ??= int(loadgen.concurrency);
  r.request_rate ??= num(loadgen.request_rate);
  r.dataset ??= str(input.public_dataset) ?? str(input.detected_loader);
  r.scenario ??= str(c.scenario);
  const extras = (input.extra_inputs_parsed ?? null) as Record<string, unknown> | null;
  if (extras && typeof extras === "object") {
    const ieos = bool(extras.ignore_eos);
    r.ignore_eos = ieos ?? false;
    r.ignore_eos_evidence = ieos === null
      ? "input_config request extras have no ignore_eos"
      : `input_config request extras set ignore_eos=${ieos}`;
  }
  if (typeof c.cli_command === "string") r.metadata.cli_command = c.cli_command;
}

function errorCount(summary: unknown[]): number {
  let n = 0;
  for (const e of summary) {
    const count = e && typeof e === "object" ? int((e as Record<string, unknown>).count) : null;
    n += count ?? 1;
  }
  return n;
}
