/**
 * Building small Kineto traces for tests: decode steps made of named
 * kernels with given durations and gaps, optional step annotations, graph
 * launches and several ranks. Deterministic; written to a temp folder.
 *
 * @module
 */

/** One kernel in a step: name and duration in µs. */
export interface SynthKernel {
  name: string;
  dur: number;
}

/** What the trace contains. */
export interface SynthOptions {
  /** Device name in deviceProperties (default AMD Instinct MI300X). */
  device?: string;
  /** Number of steps (default 8). */
  steps?: number;
  /** Kernels of one step. */
  kernels: SynthKernel[];
  /** GPU gap between kernels in µs (default 2). */
  gap?: number;
  /** Host gap at the end of each step in µs (default 20). */
  stepGap?: number;
  /** Annotate steps as vLLM decode steps (default true). */
  annotate?: boolean;
  /** hipGraphLaunch runtime events per step (default 0). */
  graphLaunches?: number;
  /** Extra start offset for every kernel of this rank in µs (arrival skew). */
  skew?: number;
}

/** The trace JSON text. */
export function synthTrace(o: SynthOptions): string {
  const steps = o.steps ?? 8, gap = o.gap ?? 2, stepGap = o.stepGap ?? 20;
  const events: unknown[] = [];
  let t = 1000 + (o.skew ?? 0);
  let corr = 1;
  for (let s = 0; s < steps; s++) {
    const start = t;
    for (let g = 0; g < (o.graphLaunches ?? 0); g++) {
      events.push({
        ph: "X",
        cat: "cuda_runtime",
        name: "hipGraphLaunch",
        pid: 1,
        tid: 1,
        ts: t + g * 0.1,
        dur: 0.05,
        args: { correlation: 900000 + s * 100 + g },
      });
    }
    for (const k of o.kernels) {
      events.push({
        ph: "X",
        cat: "cuda_runtime",
        name: "hipLaunchKernel",
        pid: 1,
        tid: 1,
        ts: t - 0.5,
        dur: 0.4,
        args: { correlation: corr },
      });
      events.push({
        ph: "X",
        cat: "kernel",
        name: k.name,
        pid: 0,
        tid: 7,
        ts: t,
        dur: k.dur,
        args: { device: 0, stream: 7, correlation: corr, grid: [64, 1, 1], block: [256, 1, 1] },
      });
      corr++;
      t += k.dur + gap;
    }
    if (o.annotate ?? true) {
      events.push({
        ph: "X",
        cat: "user_annotation",
        name: `execute_32_context_0(sq0sk0sqsq0sqsk0)_generation_32(sq32sk4096sqsq32sqsk4096)`,
        pid: 1,
        tid: 1,
        ts: start - 1,
        dur: t - start,
      });
    }
    t += stepGap;
  }
  return JSON.stringify({
    schemaVersion: 1,
    deviceProperties: [{
      id: 0,
      name: o.device ?? "AMD Instinct MI300X",
      computeMajor: 9,
      computeMinor: 4,
      warpSize: 64,
      numSms: 304,
    }],
    traceEvents: events,
  });
}

/** Write a trace (or one per rank into a folder) and return its path. */
export async function writeSynth(
  dir: string,
  name: string,
  ranks: SynthOptions[] | SynthOptions,
): Promise<string> {
  if (!Array.isArray(ranks)) {
    const path = `${dir}/${name}.json`;
    await Deno.writeTextFile(path, synthTrace(ranks));
    return path;
  }
  const folder = `${dir}/${name}`;
  await Deno.mkdir(folder, { recursive: true });
  for (let r = 0; r < ranks.length; r++) {
    await Deno.writeTextFile(`${folder}/rank${r}.json`, synthTrace(ranks[r]));
  }
  return folder;
}

/** Real kernel names for synthetic steps, by role. */
export const K = {
  hipblaslt: "Cijk_Alik_Bljk_BBS_BH_Bias_HAS_SAV_UserArgs_MT32x32x64_MI16x16x1_SN_LDSB0_AFC1",
  torchGemm: "void at::native::(anonymous namespace)::gemv_kernel<c10::BFloat16>(int)",
  tritonGemm: "_gemm_a16_w16_kernel_BLOCK_SIZE_M_16_BLOCK_SIZE_N_64",
  tritonMoe: "fused_moe_kernel",
  asmMoe: "_ZN5aiter47fmoe_bf16_blockscaleFp8_g1u1_vs_pf2_silu_16x128E",
  pa:
    "_Z32paged_attention_ll4mi_QKV_kernelIDF16_hLN4vllm18Fp8KVCacheDataTypeE1ELi16ELi128ELi512ELi4EEvPKT_PKT0_S7_ifPKiS9_iPKfiiiPfSC_PS2_SD_iff",
  norm: "void vllm::rms_norm_kernel<c10::BFloat16, 8>(c10::BFloat16*)",
  allreduce: "void vllm::cross_device_reduce_1stage<__hip_bfloat16, 8>(vllm::RankData*)",
  gfx942Gemm: "Cijk_Ailk_Bljk_F8HS_BH_MT64x64x64_MI16x16x32_gfx942",
  mystery: "my_mystery_kernel_xyz",
  sampler:
    "void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<float>>()",
};
