/**
 * The taxonomy's closed vocabulary (shared/spec/taxonomy.md): categories, the
 * sub-kinds each category allows, collective operations and precisions. Rule
 * files are validated against it so a typo cannot split a report's rows.
 *
 * @module
 */

/** The six categories; every kernel gets exactly one. */
export const CATEGORIES = [
  "GEMM",
  "Attention",
  "MoE",
  "AllReduce",
  "Quantization",
  "Other",
] as const;

/** A category name. */
export type Category = typeof CATEGORIES[number];

/**
 * Sub-kinds per category. GEMM and AllReduce have none (AllReduce has a
 * collective op instead). `conv` and `residual-mixing` come from the labelled
 * corpus (causal conv1d, MIOpen convolutions; mHC hyper-connection mixing).
 */
export const SUB_KINDS: Readonly<Record<Category, readonly string[]>> = {
  GEMM: [],
  Attention: ["FA", "PA", "MLA", "sparse-idx", "linear-attn"],
  MoE: ["routing", "sort", "expert-GEMM", "combine"],
  AllReduce: [],
  Quantization: ["FP8-quant", "MXFP4-quant", "MX-quant", "INT8-quant", "dequant"],
  Other: [
    "norm",
    "rope",
    "activation",
    "elementwise",
    "copy",
    "memset",
    "embedding",
    "kv-cache-write",
    "kv-cache-read",
    "metadata",
    "sampling",
    "spec-decode",
    "scan",
    "reduction",
    "index",
    "conv",
    "residual-mixing",
  ],
};

/**
 * Collective operations. `generic` when the name does not say (RCCL's
 * `ncclDevKernel_Generic`); `reduce`, `broadcast` and `send-recv` are the
 * remaining NCCL/RCCL primitives.
 */
export const COLLECTIVE_OPS = [
  "allreduce",
  "all-gather",
  "reduce-scatter",
  "all-to-all",
  "reduce",
  "broadcast",
  "send-recv",
  "generic",
] as const;

/** Numeric precisions a rule or a precision hint may state. */
export const PRECISIONS = [
  "fp32",
  "tf32",
  "bf16",
  "fp16",
  "fp8",
  "fp4",
  "mxfp4",
  "nvfp4",
  "int8",
  "int4",
] as const;
