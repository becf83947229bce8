/**
 * vLLM server logs, V0 and V1 engines (ANSI colour codes and Ray worker
 * prefixes allowed): the startup capacity lines (`Available KV cache memory`,
 * V0's `the rest of the memory reserved for KV Cache is`, `GPU KV cache size:
 * N tokens`, `# cuda blocks: N, # CPU blocks: M`, `Maximum concurrency for N
 * tokens per request: Xx`, the engine config and non-default args) and the
 * periodic stats lines as a time series (V1 `Engine 000: Avg prompt
 * throughput … Running … Waiting … GPU KV cache usage … Prefix cache hit
 * rate … [External prefix cache hit rate]`; V0 `… Swapped … Pending … CPU KV
 * cache usage` followed by `Prefix cache hit rate: GPU: x%, CPU: y%`), with
 * preemption warnings (`total_num_cumulative_preemption=N`). Streamed line by
 * line.
 *
 * @module
 */
import { type InputFile, readLines } from "../ingest/source.ts";
import { keysFromName } from "./matrix.ts";

/** Startup capacity of one server log (a `bench_log_capacity` row without ids and label). */
export interface LogCapacity {
  source_file: string;
  engine_version: "V0" | "V1" | null;
  vllm_version: string | null;
  model: string | null;
  tp: number | null;
  pp: number | null;
  dp: number | null;
  max_model_len: number | null;
  max_num_seqs: number | null;
  block_size: number | null;
  kv_cache_dtype: string | null;
  gpu_memory_utilization: number | null;
  kv_cache_gib: number | null;
  kv_cache_tokens: number | null;
  gpu_blocks: number | null;
  cpu_blocks: number | null;
  max_concurrency_tokens: number | null;
  max_concurrency_x: number | null;
  client_concurrency: number | null;
  series_rows: number;
  preemptions: number | null;
}

/** One periodic stats line (a `bench_log_series` row without ids). */
export interface LogSample {
  line_no: number;
  engine_index: number;
  logged_at: string | null;
  t_s: number | null;
  prompt_tps: number | null;
  generation_tps: number | null;
  running: number | null;
  waiting: number | null;
  swapped: number | null;
  gpu_kv_pct: number | null;
  cpu_kv_pct: number | null;
  prefix_hit_pct: number | null;
  cpu_prefix_hit_pct: number | null;
  external_prefix_hit_pct: number | null;
  preemptions_cum: number | null;
}

/** A parsed server log. */
export interface ServerLog {
  capacity: LogCapacity;
  series: LogSample[];
}

const LOG_PREFIX =
  /\b(?:INFO|WARNING|DEBUG|ERROR)\s+(?:(\d{4})-)?(\d\d)-(\d\d)\s+(\d\d):(\d\d):(\d\d)(?:[.,](\d+))?/;
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Whether a file's first bytes look like a vLLM server log. */
export function sniffServerLog(head: string): boolean {
  return LOG_PREFIX.test(head) &&
    /vLLM|vllm|Avg prompt throughput|KV cache|LLM engine/.test(head);
}

const numberOf = (s: string | undefined) => (s === undefined ? null : Number(s.replace(/,/g, "")));

/** The value a regex's first group captures in `line`, as a number, or null. */
function grab(re: RegExp, line: string): number | null {
  const m = re.exec(line);
  return m ? numberOf(m[1]) : null;
}

/**
 * Parse a vLLM server log. `clientConcurrency` (from the user) wins over a
 * `conc<N>` in the file name.
 */
export async function parseServerLog(
  file: InputFile,
  clientConcurrency: number | null,
): Promise<ServerLog> {
  const cap: LogCapacity = {
    source_file: file.path,
    engine_version: null,
    vllm_version: null,
    model: null,
    tp: null,
    pp: null,
    dp: null,
    max_model_len: null,
    max_num_seqs: null,
    block_size: null,
    kv_cache_dtype: null,
    gpu_memory_utilization: null,
    kv_cache_gib: null,
    kv_cache_tokens: null,
    gpu_blocks: null,
    cpu_blocks: null,
    max_concurrency_tokens: null,
    max_concurrency_x: null,
    client_concurrency: clientConcurrency ?? keysFromName(file.path).concurrency ?? null,
    series_rows: 0,
    preemptions: null,
  };
  const series: LogSample[] = [];
  const times: (number | null)[] = [];
  let lineNo = 0;
  for await (const raw of readLines(file.path, file.gzip)) {
    lineNo++;
    const line = raw.replace(ANSI, "");
    const stamp = LOG_PREFIX.exec(line);
    if (line.includes("Avg prompt throughput:")) {
      series.push(sample(line, lineNo, stamp, cap.preemptions));
      times.push(stamp ? stampMs(stamp) : null);
      continue;
    }
    const v0Prefix = /Prefix cache hit rate: GPU: ([\d.]+)%, CPU: ([\d.]+)%/.exec(line);
    if (v0Prefix) {
      const last = series.at(-1);
      if (last && last.logged_at === (stamp ? stampText(stamp) : null)) {
        last.prefix_hit_pct = Number(v0Prefix[1]);
        last.cpu_prefix_hit_pct = Number(v0Prefix[2]);
      }
      continue;
    }
    readCapacityLine(cap, line);
  }
  const known = times.filter((t): t is number => t !== null);
  const t0 = known.length ? Math.min(...known) : null;
  series.forEach((s, i) => {
    const t = times[i];
    s.t_s = t !== null && t0 !== null ? (t - t0) / 1000 : null;
  });
  cap.series_rows = series.length;
  return { capacity: cap, series };
}

function sample(
  line: string,
  lineNo: number,
  stamp: RegExpExecArray | null,
  preemptions: number | null,
): LogSample {
  return {
    line_no: lineNo,
    engine_index: grab(/Engine (\d+):/, line) ?? 0,
    logged_at: stamp ? stampText(stamp) : null,
    t_s: null,
    prompt_tps: grab(/Avg prompt throughput: ([\d.]+)/, line),
    generation_tps: grab(/Avg generation throughput: ([\d.]+)/, line),
    running: grab(/Running: (\d+)/, line),
    waiting: grab(/(?:Waiting|Pending): (\d+)/, line),
    swapped: grab(/Swapped: (\d+)/, line),
    gpu_kv_pct: grab(/GPU KV cache usage: ([\d.]+)%/, line),
    cpu_kv_pct: grab(/CPU KV cache usage: ([\d.]+)%/, line),
    prefix_hit_pct: grab(/(?<!External )Prefix cache hit rate: ([\d.]+)%/, line),
    cpu_prefix_hit_pct: null,
    external_prefix_hit_pct: grab(/External prefix cache hit rate: ([\d.]+)%/, line),
    preemptions_cum: preemptions,
  };
}

/** Update the capacity facts from one non-stats line. */
function readCapacityLine(cap: LogCapacity, line: string): void {
  const preempt = grab(/total_num_cumulative_preemption=(\d+)/, line);
  if (preempt !== null) {
    cap.preemptions = Math.max(cap.preemptions ?? 0, preempt);
    return;
  }
  const engine = /Initializing an? (?:(V[01]) )?LLM engine \(v([^)\s]+)\)/.exec(line);
  if (engine) {
    cap.engine_version ??= (engine[1] as "V0" | "V1" | undefined) ?? "V0";
    cap.vllm_version ??= engine[2];
  }
  if (engine || /non-default args:/.test(line)) {
    cap.model ??= /\bmodel='([^']+)'/.exec(line)?.[1] ?? /'model': '([^']+)'/.exec(line)?.[1] ??
      null;
    cap.tp ??= grab(/tensor_parallel_size(?:'\s*:\s*|=)(\d+)/, line);
    cap.pp ??= grab(/pipeline_parallel_size(?:'\s*:\s*|=)(\d+)/, line);
    cap.dp ??= grab(/data_parallel_size(?:'\s*:\s*|=)(\d+)/, line);
    cap.max_model_len ??= grab(/max_seq_len=(\d+)/, line) ?? grab(/'max_model_len': (\d+)/, line);
    cap.max_num_seqs ??= grab(/'max_num_seqs': (\d+)/, line);
    cap.block_size ??= grab(/'block_size': (\d+)/, line);
    cap.gpu_memory_utilization ??= grab(/'gpu_memory_utilization': ([\d.]+)/, line);
    cap.kv_cache_dtype ??= /'kv_cache_dtype': '([^']+)'/.exec(line)?.[1] ??
      (/kv_cache_dtype=(\w+)/.exec(line)?.[1] ?? null);
    return;
  }
  cap.vllm_version ??= /vLLM API server version (\S+)/.exec(line)?.[1] ??
    /\bversion (\d+\.\d+\.\d+\S*)\s*$/.exec(line)?.[1] ?? null;
  const kvGib = grab(/Available KV cache memory: ([\d.]+) GiB/, line) ??
    grab(/reserved for KV Cache is ([\d.]+)\s*GiB/, line);
  if (kvGib !== null) cap.kv_cache_gib = Math.min(cap.kv_cache_gib ?? Infinity, kvGib);
  cap.kv_cache_tokens ??= grab(/GPU KV cache size: ([\d,]+) tokens/, line);
  const blocks = /# (?:cuda|gpu|GPU) blocks: (\d+), # CPU blocks: (\d+)/.exec(line);
  if (blocks) {
    cap.gpu_blocks ??= Number(blocks[1]);
    cap.cpu_blocks ??= Number(blocks[2]);
  }
  const conc = /Maximum concurrency for ([\d,]+) tokens per request: ([\d.]+)x/.exec(line);
  if (conc) {
    cap.max_concurrency_tokens ??= numberOf(conc[1]);
    cap.max_concurrency_x ??= Number(conc[2]);
  }
}

function stampText(m: RegExpExecArray): string {
  return `${m[1] ? `${m[1]}-` : ""}${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}${
    m[7] ? `.${m[7]}` : ""
  }`;
}

/**
 * Milliseconds of a log timestamp on a common clock. vLLM logs no year; a
 * leap year stands in so 02-29 exists (a log that crosses New Year is out of
 * order by a year).
 */
function stampMs(m: RegExpExecArray): number {
  const year = m[1] ? Number(m[1]) : 2000;
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) +
    frac;
}
