/**
 * Small Kineto (PyTorch profiler) traces built in tests: N decode steps,
 * each a `ProfilerStep#i` host range holding the same kernel sequence, on an
 * MI300X. The expected analysis figures follow from the spec directly
 * (µs per step of a kernel family is the sum of its durations in one step).
 *
 * @module
 */

/** One kernel launched in every step. */
export interface KernelSpec {
  name: string;
  /** Duration in µs. */
  us: number;
}

/** What the trace holds. */
export interface TraceSpec {
  /** Decode steps (after the warm-up step, when there is one). */
  steps: number;
  /** The kernels of each step, in launch order. */
  kernels: KernelSpec[];
  /** Wall span of a step's marker in µs (at least the kernels plus their gaps). */
  stepUs?: number;
  /** A first step three times as long, dropped by the analysis as warm-up. */
  warmup?: boolean;
}

/** GPU idle between consecutive kernels of a step (µs). */
export const GAP_US = 2;
/** The marker starts this long before its first kernel (µs). */
const LEAD_US = 5;
/** Wall time between consecutive steps (µs). */
const STEP_GAP_US = 50;

/** An MI300X as the Kineto trace describes it. */
const MI300X = {
  id: 0,
  name: "AMD Instinct MI300X",
  gcnArchName: "gfx942:sramecc+:xnack-",
  warpSize: 64,
  computeMajor: 9,
  computeMinor: 4,
  numSms: 304,
  totalGlobalMem: 205822885888,
};

/** The span of one (non-warm-up) step in µs. */
export function stepSpanUs(spec: TraceSpec): number {
  const busy = spec.kernels.reduce((a, k) => a + k.us, 0);
  const needed = LEAD_US + busy + GAP_US * (spec.kernels.length - 1) + LEAD_US;
  return Math.max(spec.stepUs ?? 0, needed);
}

/** The trace as a Kineto JSON object. */
export function kinetoTrace(spec: TraceSpec) {
  const events: Record<string, unknown>[] = [];
  const span = stepSpanUs(spec);
  let t = 1_000_000;
  let correlation = 1;
  const total = spec.steps + (spec.warmup ? 1 : 0);
  for (let i = 0; i < total; i++) {
    const stepSpan = spec.warmup && i === 0 ? 3 * span : span;
    events.push({
      ph: "X",
      cat: "user_annotation",
      name: `ProfilerStep#${i}`,
      pid: 1,
      tid: 1,
      ts: t,
      dur: stepSpan,
    });
    let k = t + LEAD_US;
    for (const kernel of spec.kernels) {
      events.push({
        ph: "X",
        cat: "kernel",
        name: kernel.name,
        pid: 0,
        tid: 7,
        ts: k,
        dur: kernel.us,
        args: {
          device: 0,
          stream: 7,
          correlation: correlation++,
          grid: [304, 1, 1],
          block: [256, 1, 1],
        },
      });
      k += kernel.us + GAP_US;
    }
    t += stepSpan + STEP_GAP_US;
  }
  return {
    schemaVersion: 1,
    deviceProperties: [MI300X],
    traceEvents: events,
  };
}

/** Write the trace as `dir/name` (plain JSON) and return its path. */
export async function writeTrace(dir: string, name: string, spec: TraceSpec): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, JSON.stringify(kinetoTrace(spec)));
  return path;
}

/** hipBLASLt (Tensile) GEMM kernels of one family, differing by macro tile. */
export function hipblasltGemm(i: number): string {
  const tiles = ["MT64x16x256", "MT32x32x256", "MT64x32x128", "MT16x16x512"];
  return `Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_${
    tiles[i % tiles.length]
  }_MI16x16x1_SN_LDSB1_AFC1`;
}

/** ATen's own GEMV fallback (backend torch). */
export const TORCH_GEMV =
  "void at::native::gemv_bf16_fallback_kernel<c10::BFloat16, 128>(int, int, c10::BFloat16 const*, c10::BFloat16*)";
/** Paged decode attention (Attention / PA): makes the steps decode steps. */
export const PAGED_ATTENTION =
  "void paged_attention_ll4mi_QKV_mfma16_kernel<__hip_bfloat16, __hip_bfloat16, 128, 16>(int, int)";
/** An ATen elementwise kernel (Other / torch). */
export const FILL =
  "void at::native::vectorized_elementwise_kernel<4, at::native::FillFunctor<float>, std::array<char*, 1ul> >(int, at::native::FillFunctor<float>, std::array<char*, 1ul>)";

/** A decode step: 4 hipBLASLt GEMMs of `gemmUs` each, paged attention, 3 fills. */
export function decodeKernels(
  gemmUs: number,
  gemm: (i: number) => string = hipblasltGemm,
): KernelSpec[] {
  return [
    ...[0, 1, 2, 3].map((i) => ({ name: gemm(i), us: gemmUs })),
    { name: PAGED_ATTENTION, us: 20 },
    ...[0, 1, 2].map(() => ({ name: FILL, us: 4 })),
  ];
}
