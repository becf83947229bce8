/**
 * Which real kernel plays which role in a decode step on each architecture
 * (norm, QKV GEMM, paged attention, all-reduce, MoE routing, sampling …),
 * how the host launches it, and its register and LDS footprint.
 *
 * Choices follow what vLLM runs on each stack: hipBLASLt/aiter/FlyDSL GEMMs,
 * aiter or vLLM-ROCm paged attention and custom all-reduce on MI300X/MI355X;
 * cuBLASLt nvjet GEMMs, Triton unified attention and NCCL on H100.
 *
 * @module
 */
import type { Arch, LaunchKind } from "./hardware.ts";
import { CORPUS_KERNELS, type CorpusKernel, type KernelKey } from "./kernel_names.ts";

/** A kernel as the generator dispatches it. */
export interface KernelSpec extends CorpusKernel {
  /** 0-based id within the palette; one per distinct name. */
  index: number;
  /** How the host launches it when not replayed by a graph. */
  launch: LaunchKind;
  /** Workgroup (block) size in x. */
  block: number;
  /** Arch VGPRs (registers per thread on NVIDIA). */
  vgpr: number;
  /** Accumulation VGPRs (0 on NVIDIA and for non-MFMA kernels). */
  agpr: number;
  sgpr: number;
  /** LDS / shared memory per workgroup, bytes. */
  lds: number;
  /** Scratch (private segment) per work-item, bytes. */
  scratch: number;
}

/** The kernel for each role of a step on one architecture. */
export interface Palette {
  /** Every distinct kernel of the palette, by index. */
  kernels: KernelSpec[];
  metadata: KernelSpec;
  embedding: KernelSpec;
  norm: KernelSpec;
  qkv: KernelSpec;
  oProj: KernelSpec;
  gateUp: KernelSpec;
  down: KernelSpec;
  lmHead: KernelSpec;
  /** GEMM used for every projection of a prefill step (large M). */
  prefillGemm: KernelSpec;
  rope: KernelSpec;
  kvWrite: KernelSpec;
  attnDecode: KernelSpec;
  /** Split-KV reduce after the decode attention, when the backend has one. */
  attnDecodeReduce: KernelSpec | null;
  attnPrefill: KernelSpec;
  /** Decode all-reduce (small messages). */
  allReduce: KernelSpec;
  /** Prefill all-reduce (large messages, RCCL/NCCL). */
  prefillAllReduce: KernelSpec;
  act: KernelSpec;
  router: KernelSpec;
  moeTopK: KernelSpec;
  moeSort: KernelSpec | null;
  moeQuant: KernelSpec | null;
  moeGemm1: KernelSpec;
  moeGemm2: KernelSpec;
  moeCombine: KernelSpec | null;
  sampleSoftmax: KernelSpec;
  sampleDraw: KernelSpec;
  /** Bytes per expert weight element (fp8 1, MXFP4 ~0.53, bf16 2). */
  moeWeightBytes: number;
}

/** FNV-1a over the name: a stable per-kernel number for register counts. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function pick(h: number, shift: number, lo: number, hi: number, step: number): number {
  const n = Math.floor((hi - lo) / step) + 1;
  return lo + ((h >>> shift) % n) * step;
}

/** Builds specs once per name so a kernel keeps one id across roles. */
class SpecTable {
  readonly kernels: KernelSpec[] = [];
  #byKey = new Map<KernelKey, KernelSpec>();
  constructor(readonly vendor: "amd" | "nvidia") {}

  use(key: KernelKey, launch: LaunchKind, block: number): KernelSpec {
    const known = this.#byKey.get(key);
    if (known) return known;
    const k = CORPUS_KERNELS[key];
    const h = nameHash(k.name);
    const heavy = k.category === "GEMM" || k.category === "Attention" ||
      k.label === "expert-GEMM";
    const amd = this.vendor === "amd";
    const spec: KernelSpec = {
      ...k,
      index: this.kernels.length,
      launch,
      block,
      vgpr: heavy ? pick(h, 0, 96, 256, 8) : pick(h, 0, 16, 64, 8),
      agpr: amd && heavy ? pick(h, 5, 64, 256, 8) : 0,
      sgpr: amd ? pick(h, 9, 24, 104, 8) : 0,
      lds: heavy ? pick(h, 13, 16_384, 65_536, 4_096) : pick(h, 13, 0, 4_096, 512),
      scratch: 0,
    };
    this.kernels.push(spec);
    this.#byKey.set(key, spec);
    return spec;
  }
}

/** The decode all-reduce for a TP degree: aiter custom kernels at TP 4 and 8. */
function amdAllReduce(t: SpecTable, tp: number, fallback: KernelKey): KernelSpec {
  if (tp === 8) return t.use("ar_aiter_1stage_tp8", "runtime", 512);
  if (tp === 4) return t.use("ar_aiter_2stage_tp4", "runtime", 512);
  return t.use(fallback, "runtime", 256);
}

/** The palette for `arch` at tensor-parallel degree `tp`. */
export function paletteFor(arch: Arch, tp: number): Palette {
  switch (arch) {
    case "gfx942": {
      const t = new SpecTable("amd");
      return {
        metadata: t.use("metadata_positions", "module", 128),
        embedding: t.use("embedding_masked", "module", 256),
        norm: t.use("norm_aiter_add_rms", "runtime", 256),
        qkv: t.use("gemm_942_mt64x32", "ext", 256),
        oProj: t.use("gemm_wvspltk", "runtime", 64),
        gateUp: t.use("gemm_942_mt16x32", "ext", 256),
        down: t.use("gemm_942_mt16x16", "ext", 256),
        lmHead: t.use("gemm_942_mt256x128", "ext", 256),
        prefillGemm: t.use("gemm_942_mt320x224", "ext", 256),
        rope: t.use("rope_aiter_cached", "runtime", 256),
        kvWrite: t.use("kv_write_vllm_fp8", "runtime", 256),
        attnDecode: t.use("pa_ll4mi_fp8", "runtime", 256),
        attnDecodeReduce: null,
        attnPrefill: t.use("fa_aiter_hd128", "module", 512),
        allReduce: amdAllReduce(t, tp, "rccl_generic"),
        prefillAllReduce: t.use("rccl_generic", "runtime", 256),
        act: t.use("act_silu_sgl_hip", "runtime", 256),
        router: t.use("gemm_942_gsu_mt16x128", "ext", 256),
        moeTopK: t.use("moe_topk_softmax_128x8", "module", 256),
        moeSort: t.use("moe_sorting_opus", "runtime", 256),
        moeQuant: t.use("quant_per_token_fp8", "runtime", 256),
        moeGemm1: t.use("moe_fmoe_stage1_fp8", "module", 256),
        moeGemm2: t.use("moe_ck_gemm_blockscale", "runtime", 256),
        moeCombine: null,
        sampleSoftmax: t.use("sample_log_softmax", "runtime", 1024),
        sampleDraw: t.use("sample_exponential", "runtime", 256),
        moeWeightBytes: 1,
        kernels: t.kernels,
      };
    }
    case "gfx950": {
      const t = new SpecTable("amd");
      return {
        metadata: t.use("metadata_cache_locs", "module", 128),
        embedding: t.use("embedding_masked", "module", 256),
        norm: t.use("norm_aiter_add_rms_short", "runtime", 256),
        qkv: t.use("gemm_950_mt32x16", "ext", 256),
        oProj: t.use("gemm_asm_bf16_bpreshuffle", "module", 256),
        gateUp: t.use("gemm_flydsl_16x64x128x5", "module", 256),
        down: t.use("gemm_950_mt256x32", "ext", 256),
        lmHead: t.use("gemm_950_custom_sk3", "ext", 256),
        prefillGemm: t.use("gemm_950_mt256x256", "ext", 256),
        rope: t.use("rope_aiter_cached", "runtime", 256),
        kvWrite: t.use("kv_write_triton_flash", "module", 256),
        attnDecode: t.use("pa_aiter_a16w8_ps", "module", 256),
        attnDecodeReduce: t.use("pa_aiter_ps_reduce", "runtime", 256),
        attnPrefill: t.use("fa_aiter_hd128", "module", 512),
        allReduce: amdAllReduce(t, tp, "msccl_bf16"),
        prefillAllReduce: t.use("rccl_generic", "runtime", 256),
        act: t.use("act_silu_sgl_hip", "runtime", 256),
        router: t.use("gemm_flydsl_router", "module", 256),
        moeTopK: t.use("moe_grouped_topk", "runtime", 256),
        moeSort: t.use("moe_sorting_opus", "runtime", 256),
        moeQuant: null,
        moeGemm1: t.use("moe_mfma_stage1_mxfp4", "module", 256),
        moeGemm2: t.use("moe_mfma_stage2_mxfp4", "module", 256),
        moeCombine: t.use("moe_reduction_topk", "module", 256),
        sampleSoftmax: t.use("sample_softmax_gmem", "runtime", 1024),
        sampleDraw: t.use("sample_gumbel", "module", 256),
        moeWeightBytes: 0.53,
        kernels: t.kernels,
      };
    }
    case "sm90": {
      const t = new SpecTable("nvidia");
      return {
        metadata: t.use("metadata_positions", "module", 128),
        embedding: t.use("embedding_masked", "module", 256),
        norm: t.use("norm_vllm_rms", "runtime", 256),
        qkv: t.use("gemm_nvjet_128x24", "module", 384),
        oProj: t.use("gemm_nvjet_sm90_splitk", "module", 384),
        gateUp: t.use("gemm_nvjet_192x8", "module", 384),
        down: t.use("gemm_nvjet_64x16_splitk", "module", 384),
        lmHead: t.use("gemm_nvjet_144x128_bias", "module", 384),
        prefillGemm: t.use("gemm_nvjet_hsh_coop", "module", 384),
        rope: t.use("rope_inductor", "module", 256),
        kvWrite: t.use("kv_write_vllm_flash_fp8", "runtime", 256),
        attnDecode: t.use("pa_unified_3d", "module", 128),
        attnDecodeReduce: t.use("pa_reduce_segments", "module", 128),
        attnPrefill: t.use("fa2_pytorch", "runtime", 128),
        allReduce: t.use("nccl_allreduce_bf16", "runtime", 512),
        prefillAllReduce: t.use("nccl_allreduce_bf16", "runtime", 512),
        act: t.use("act_silu_vllm", "runtime", 256),
        router: t.use("gemm_nvjet_192x8", "module", 384),
        moeTopK: t.use("moe_route_fill", "module", 128),
        moeSort: null,
        moeQuant: null,
        moeGemm1: t.use("moe_fused_triton", "module", 256),
        moeGemm2: t.use("moe_fused_triton", "module", 256),
        moeCombine: null,
        sampleSoftmax: t.use("sample_log_softmax", "runtime", 1024),
        sampleDraw: t.use("sample_exponential", "runtime", 256),
        moeWeightBytes: 2,
        kernels: t.kernels,
      };
    }
  }
}
