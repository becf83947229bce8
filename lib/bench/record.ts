/**
 * Turning one result object into a canonical {@link BenchResult}: the fields
 * every vLLM-derived client writes (vLLM, SGLang, ATOM and InferenceX share
 * them), then the steps every variant shares — matrix keys from metadata, the
 * file name and the user's overrides; hardware facts; derived totals; flags
 * (failed requests, rate-limited, `--ignore-eos`).
 *
 * @module
 */
import { deviceModel } from "../arch/devices.ts";
import { InputError } from "../cli/errors.ts";
import { applyKeys, applyNameKeys, keysFromName } from "./matrix.ts";
import type { RequestArrays } from "./requests.ts";
import { type BenchResult, putStat } from "./result.ts";
import { parseStatKey } from "./stats.ts";
import { clientDate, int, num, str } from "./values.ts";

/** What the loader knows beyond the file itself. */
export interface ResultContext {
  /** Matrix keys the user set (`--meta tp=8 ...`); they replace what the file says. */
  overrides: Record<string, string>;
  /** The user's label (`--label`), or null. */
  label: string | null;
  /** Take each result's label from this field or metadata key (`--label-by deployment`). */
  labelBy: string | null;
  /** The run's label, the last fallback. */
  runLabel: string;
}

type Setter = (r: BenchResult, v: unknown) => void;

/** The top-level fields of vLLM `--save-result` and the clients derived from it. */
const VLLM_FIELDS: Readonly<Record<string, Setter>> = {
  date: (r, v) => r.finished_at = clientDate(v),
  backend: (r, v) => r.backend = str(v),
  model_id: (r, v) => r.model = str(v),
  label: (r, v) => r.label = str(v),
  num_prompts: (r, v) => r.num_prompts = int(v),
  request_rate: (r, v) => r.request_rate = num(v),
  max_concurrency: (r, v) => r.concurrency = int(v),
  duration: (r, v) => r.duration_s = num(v),
  completed: (r, v) => r.completed = int(v),
  failed: (r, v) => r.failed = int(v),
  total_input_tokens: (r, v) => r.total_input_tokens = int(v),
  total_output_tokens: (r, v) => r.total_output_tokens = int(v),
  request_throughput: (r, v) => r.request_throughput = num(v),
  request_goodput: (r, v) => r.request_goodput = num(v),
  "request_goodput:": (r, v) => r.request_goodput = num(v),
  input_throughput: (r, v) => r.input_throughput = num(v),
  output_throughput: (r, v) => r.output_throughput = num(v),
  total_token_throughput: (r, v) => r.total_throughput = num(v),
  accept_length: (r, v) => r.accept_length = num(v),
  acceptance_rate: (r, v) => r.acceptance_rate = num(v),
};

/**
 * Read the vLLM-style fields of a result object into `r`: known fields into
 * their columns, statistic keys into stats, everything else into metadata.
 * `extra` maps variant-specific field names to setters and wins over the
 * vLLM meaning of a name.
 */
export function applyVllmFields(
  r: BenchResult,
  fields: Record<string, unknown>,
  extra: Readonly<Record<string, Setter>> = {},
): void {
  for (const [key, value] of Object.entries(fields)) {
    const set = extra[key] ?? VLLM_FIELDS[key];
    if (set) {
      set(r, value);
      continue;
    }
    const stat = parseStatKey(key, value);
    if (stat) putStat(r, stat);
    else addMetadata(r, key, value);
  }
}

/** Keep a field as metadata: scalars as they are, objects flattened as `key.sub`. */
export function addMetadata(r: BenchResult, key: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (typeof value === "string" || typeof value === "boolean") r.metadata[key] = value;
  else if (typeof value === "number") {
    if (Number.isFinite(value)) r.metadata[key] = value;
    else r.metadata[key] = String(value);
  } else if (Array.isArray(value)) r.metadata[key] = JSON.stringify(value);
  else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      addMetadata(r, `${key}.${k}`, v);
    }
  }
}

/**
 * The steps after a variant has read its fields: matrix keys (metadata, then
 * file name, then user overrides), label, hardware, derived totals, per-request
 * statistics and flags.
 */
export function finishResult(
  r: BenchResult,
  ctx: ResultContext,
  requests: RequestArrays | null,
): BenchResult {
  applyKeys(r, r.metadata, { aliases: true, override: false });
  applyNameKeys(r, keysFromName(r.source_file));
  applyKeys(r, ctx.overrides, { aliases: false, override: true });
  const byField = ctx.labelBy
    ? str(r.metadata[ctx.labelBy] ?? (r as unknown as Record<string, unknown>)[ctx.labelBy])
    : null;
  r.label = byField ?? ctx.label ?? r.label ?? ctx.runLabel;
  applyHardware(r);
  deriveTotals(r, requests);
  requests?.fillStats(r);
  if (r.tpot_source === null && (r.median_tpot_ms !== null || r.mean_tpot_ms !== null)) {
    r.tpot_source = "reported";
  }
  if (r.request_rate !== null) r.rate_limited = Number.isFinite(r.request_rate);
  decideIgnoreEos(r, requests);
  return r;
}

function applyHardware(r: BenchResult): void {
  const model = deviceModel(r.hardware);
  if (model) {
    r.gpu_model = model.model;
    r.arch = model.arch;
    r.hbm_tbps = model.hbm_tbps;
  }
  if (r.gpu_count !== null) return;
  if (r.tp !== null) {
    r.gpu_count = r.tp * (r.pp ?? 1) * (r.dp ?? 1);
    return;
  }
  const counted = r.hardware ? /^(\d+)\s*x\s*(.+)$/i.exec(r.hardware) : null;
  if (counted && deviceModel(counted[2])) {
    r.gpu_count = Number(counted[1]);
    return;
  }
  if (r.total_throughput !== null && r.tput_per_gpu) {
    r.gpu_count = Math.round(r.total_throughput / r.tput_per_gpu);
  }
}

function deriveTotals(r: BenchResult, requests: RequestArrays | null): void {
  r.failed ??= requests?.failedCount ?? null;
  if (
    r.failed === null && r.num_prompts !== null && r.completed !== null &&
    r.num_prompts >= r.completed
  ) {
    r.failed = r.num_prompts - r.completed;
  }
  const dur = r.duration_s;
  if (r.input_throughput === null && r.total_input_tokens !== null && dur) {
    r.input_throughput = r.total_input_tokens / dur;
  }
  if (r.total_throughput === null && r.input_throughput !== null && r.output_throughput !== null) {
    r.total_throughput = r.input_throughput + r.output_throughput;
  }
  if (r.completed) {
    if (r.total_input_tokens !== null) r.mean_input_len = r.total_input_tokens / r.completed;
    if (r.total_output_tokens !== null) r.mean_output_len = r.total_output_tokens / r.completed;
  }
  if (r.mean_output_len === null && r.output_throughput !== null && r.request_throughput) {
    r.mean_output_len = r.output_throughput / r.request_throughput;
  }
}

/**
 * `--ignore-eos`: what the user said, else what the file recorded (set by the
 * variant), else the per-request output lengths, else totals against OSL:
 * output tokens = completed × OSL means every request ran to OSL; a mean
 * output more than 5% below OSL means requests stopped at EOS.
 */
function decideIgnoreEos(r: BenchResult, requests: RequestArrays | null): void {
  if (r.ignore_eos !== null) return;
  const fromArrays = requests?.ignoreEos(r.osl) ?? null;
  if (fromArrays) {
    r.ignore_eos = fromArrays.value;
    r.ignore_eos_evidence = fromArrays.evidence;
    return;
  }
  if (r.osl !== null && r.total_output_tokens !== null && r.completed) {
    if (r.total_output_tokens === r.completed * r.osl) {
      r.ignore_eos = true;
      r.ignore_eos_evidence =
        `total output ${r.total_output_tokens} tokens = ${r.completed} requests × OSL ${r.osl}`;
      return;
    }
  }
  if (r.osl !== null && r.mean_output_len !== null && r.mean_output_len < 0.95 * r.osl) {
    r.ignore_eos = false;
    r.ignore_eos_evidence = `mean output ${
      r.mean_output_len.toFixed(1)
    } tokens is below OSL ${r.osl}: requests stopped at EOS`;
    return;
  }
  r.ignore_eos_evidence ??= "not recorded";
}

/**
 * Throw an InputError naming the keys found and needed unless the object has
 * at least one of `anyOf`.
 */
export function requireAnyField(
  file: string,
  where: string,
  fields: Record<string, unknown>,
  anyOf: readonly string[],
  what: string,
): void {
  if (anyOf.some((k) => k in fields)) return;
  const found = Object.keys(fields).slice(0, 12).join(", ") || "none";
  throw new InputError(
    file,
    `expected ${what} with one of ${anyOf.join(", ")}; found keys: ${found}`,
    where,
  );
}
