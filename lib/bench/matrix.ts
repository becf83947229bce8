/**
 * The benchmark matrix keys (TP, PP, DP, EP, ISL, OSL, concurrency, request
 * rate, hardware, model, image, backend, precision, dataset): read from a
 * file name (`..._tp8_isl1024_osl1024_conc8.json`, `..._tp4_pp2_..._qps_16`,
 * InferenceX `dep8` / `tep8`), from metadata fields under their usual
 * spellings, or from the user's `--meta` overrides.
 *
 * @module
 */
import type { BenchResult } from "./result.ts";
import { bool, int, num, str } from "./values.ts";

/** The matrix keys a user may override with `--meta key=value`. */
export const OVERRIDE_KEYS = [
  "tp",
  "pp",
  "dp",
  "ep",
  "isl",
  "osl",
  "concurrency",
  "request_rate",
  "hardware",
  "model",
  "image",
  "backend",
  "precision",
  "dataset",
  "parallelism",
  "gpu_count",
  "ignore_eos",
] as const; // deno-fmt-ignore

/** Matrix keys with their spellings in metadata and result fields, preferred first. */
export const MATRIX_ALIASES: Readonly<Record<string, readonly string[]>> = {
  tp: ["tp", "tp_size", "tensor_parallel_size"],
  pp: ["pp", "pp_size", "pipeline_parallel_size"],
  dp: ["dp", "dp_size", "data_parallel_size"],
  ep: ["ep", "ep_size", "expert_parallel_size"],
  isl: ["isl", "input_len", "random_input_len", "input_length"],
  osl: ["osl", "output_len", "random_output_len", "output_length"],
  concurrency: ["max_concurrency", "conc", "concurrency"],
  request_rate: ["request_rate", "qps"],
  hardware: ["hardware", "hw", "gpu", "gpu_type"],
  image: ["image", "docker_image"],
  model: ["model_id", "model", "model_name"],
  backend: ["backend", "framework"],
  precision: ["precision", "dtype", "quantization"],
  dataset: ["dataset_name", "dataset"],
  gpu_count: ["gpu_count", "num_gpus", "gpus"],
};

/** Matrix keys found in a file name. */
export interface NameKeys {
  tp?: number;
  pp?: number;
  dp?: number;
  ep?: number;
  dp_attention?: boolean;
  parallelism?: string;
  isl?: number;
  osl?: number;
  concurrency?: number;
  request_rate?: number;
  hardware?: string;
  backend?: string;
  precision?: string;
  dataset?: string;
}

const SEP = "(?:^|[_\\-./])";
const END = "(?=$|[_\\-./])";
const NUMBERED = new RegExp(
  `${SEP}(dep|tep|tp|pp|dp|ep|isl|osl|conc|c|qps)[_-]?(\\d+|inf)${END}`,
  "gi",
);
const HARDWARE = new RegExp(
  `${SEP}(mi\\d{3}[a-z]?|h100|h200|h20|b200|b300|gb200|a100|l40s?)${END}`,
  "i",
);
const BACKEND = new RegExp(`${SEP}(vllm|sglang|trtllm|atom)${END}`, "i");
const PRECISION = new RegExp(`${SEP}(mxfp4|nvfp4|fp4|fp8|bf16|fp16|int8|int4)${END}`, "i");
const DATASET = new RegExp(`${SEP}(sharegpt|random)${END}`, "i");

/** Matrix keys encoded in a file or test name (extensions ignored). */
export function keysFromName(name: string): NameKeys {
  const base = name.replace(/^.*\//, "").replace(
    /(\.(json|jsonl|gz|derived|log|txt|commands))+$/i,
    "",
  );
  const out: NameKeys = {};
  const parallel: string[] = [];
  for (const m of base.matchAll(NUMBERED)) {
    const key = m[1].toLowerCase();
    const raw = m[2].toLowerCase();
    const value = raw === "inf" ? Infinity : Number(raw);
    if (key === "qps") {
      out.request_rate ??= value;
      continue;
    }
    if (!Number.isFinite(value)) continue;
    switch (key) {
      case "dep":
      case "tep":
        if (out.dp_attention !== undefined) break;
        out.tp ??= value;
        out.ep ??= value;
        out.dp_attention = key === "dep";
        parallel.push(`${key}${value}`);
        break;
      case "tp":
      case "pp":
      case "dp":
      case "ep":
        if (out[key] !== undefined) break;
        out[key] = value;
        parallel.push(`${key}${value}`);
        break;
      case "isl":
      case "osl":
        out[key] ??= value;
        break;
      case "conc":
      case "c":
        out.concurrency ??= value;
        break;
    }
  }
  if (parallel.length) out.parallelism = parallel.join("_");
  const hw = HARDWARE.exec(base);
  if (hw) out.hardware = hw[1].toLowerCase();
  const be = BACKEND.exec(base);
  if (be) out.backend = be[1].toLowerCase();
  const pr = PRECISION.exec(base);
  if (pr) out.precision = pr[1].toLowerCase();
  const ds = DATASET.exec(base);
  if (ds) out.dataset = ds[1].toLowerCase();
  return out;
}

type Writable = Record<string, unknown>;

const INTEGER_KEYS = new Set(["tp", "pp", "dp", "ep", "isl", "osl", "concurrency", "gpu_count"]);

/**
 * Set matrix columns of `r` from a record of values (metadata fields under
 * {@link MATRIX_ALIASES} spellings when `aliases`, else the canonical names).
 * `override` replaces values already set; otherwise only NULL columns fill.
 */
export function applyKeys(
  r: BenchResult,
  source: Record<string, unknown>,
  opts: { aliases: boolean; override: boolean },
): void {
  const w = r as unknown as Writable;
  for (const key of Object.keys(MATRIX_ALIASES)) {
    if (!opts.override && w[key] !== null) continue;
    const names = opts.aliases ? MATRIX_ALIASES[key] : [key];
    for (const name of names) {
      if (!(name in source)) continue;
      const v = source[name];
      const value = INTEGER_KEYS.has(key) ? int(v) : key === "request_rate" ? num(v) : str(v);
      if (value === null) continue;
      w[key] = value;
      break;
    }
  }
  if (!opts.aliases) {
    if ("parallelism" in source && str(source.parallelism)) r.parallelism = str(source.parallelism);
    const ieos = bool(source.ignore_eos);
    if (ieos !== null) {
      r.ignore_eos = ieos;
      r.ignore_eos_evidence = "set by the user (--meta ignore_eos)";
    }
  }
}

/** Fill NULL matrix columns of `r` from the keys of its file name. */
export function applyNameKeys(r: BenchResult, keys: NameKeys): void {
  const w = r as unknown as Writable;
  for (const [k, v] of Object.entries(keys)) {
    if (w[k] === null) w[k] = v;
  }
}
