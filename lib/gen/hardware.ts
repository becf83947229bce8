/**
 * What the generator assumes about each target GPU: its name as profilers
 * print it, memory bandwidth and compute peak for the cost model, how long
 * launches and inter-kernel gaps take, and the host API names its runtime
 * uses for kernel and graph launches.
 *
 * @module
 */
import { deviceModel } from "../arch/devices.ts";

/** Target architectures the generator can produce. */
export const ARCHES = ["gfx942", "gfx950", "sm90"] as const;

/** One of {@link ARCHES}. */
export type Arch = typeof ARCHES[number];

/** How a kernel reaches the GPU from the host. */
export type LaunchKind = "runtime" | "module" | "ext";

/** A host API that launches GPU work. */
export interface LaunchApi {
  /** API name as the tracer prints it (hipLaunchKernel, cudaGraphLaunch …). */
  name: string;
  /** Kineto category of the API event: runtime or driver API. */
  kinetoCategory: "cuda_runtime" | "cuda_driver";
  /** Callback id key and value Kineto records in args (`cid` on ROCm, `cbid` on CUDA), if known. */
  callbackId: [string, number] | null;
  /** Host time the call takes, ns range. */
  durationNs: [number, number];
}

/** Facts about one target GPU and its software stack. */
export interface Hardware {
  arch: Arch;
  vendor: "amd" | "nvidia";
  /** Device name as Kineto and rocprofv3 print it. */
  deviceName: string;
  /** Peak HBM bandwidth, TB/s (from lib/arch/devices.ts). */
  hbmTBps: number;
  /** Dense bf16 peak, TFLOP/s. */
  peakTflops: number;
  /** Per-GPU bandwidth an all-reduce achieves over the fabric, GB/s. */
  linkGBps: number;
  /** Fixed cost of a custom (one-shot) all-reduce, ns. */
  customAllReduceNs: number;
  /** Fixed cost of an RCCL/NCCL all-reduce, ns. */
  ncclAllReduceNs: number;
  /** Shortest kernel the GPU runs, ns (launch and drain). */
  kernelFloorNs: number;
  /** Idle gap between back-to-back kernels of a graph replay, ns range. */
  graphGapNs: [number, number];
  /** Idle gap between back-to-back directly launched kernels, ns range. */
  eagerGapNs: [number, number];
  /** Launch APIs by kind, plus the graph launch. */
  launch: Record<LaunchKind | "graph", LaunchApi>;
  /** Stream id kernels run on, as Kineto prints it. */
  kinetoStream: number;
  /** Compute capability as Kineto's deviceProperties report it. */
  computeMajor: number;
  computeMinor: number;
  /** Compute units (AMD) or SMs (NVIDIA). */
  multiprocessors: number;
  warpSize: number;
  /** Device memory, bytes. */
  memoryBytes: number;
  /** Shared memory / LDS per block, bytes. */
  sharedMemPerBlock: number;
}

function amdLaunch(): Record<LaunchKind | "graph", LaunchApi> {
  return {
    runtime: {
      name: "hipLaunchKernel",
      kinetoCategory: "cuda_runtime",
      callbackId: ["cid", 107],
      durationNs: [4_000, 9_000],
    },
    module: {
      name: "hipModuleLaunchKernel",
      kinetoCategory: "cuda_runtime",
      callbackId: null,
      durationNs: [5_000, 10_000],
    },
    ext: {
      name: "hipExtModuleLaunchKernel",
      kinetoCategory: "cuda_runtime",
      callbackId: ["cid", 65],
      durationNs: [6_000, 12_000],
    },
    graph: {
      name: "hipGraphLaunch",
      kinetoCategory: "cuda_runtime",
      callbackId: ["cid", 215],
      durationNs: [35_000, 90_000],
    },
  };
}

function nvidiaLaunch(): Record<LaunchKind | "graph", LaunchApi> {
  const driver: LaunchApi = {
    name: "cuLaunchKernelEx",
    kinetoCategory: "cuda_driver",
    callbackId: null,
    durationNs: [3_000, 6_000],
  };
  return {
    runtime: {
      name: "cudaLaunchKernel",
      kinetoCategory: "cuda_runtime",
      callbackId: ["cbid", 211],
      durationNs: [3_000, 6_000],
    },
    module: driver,
    ext: driver,
    graph: {
      name: "cudaGraphLaunch",
      kinetoCategory: "cuda_runtime",
      callbackId: null,
      durationNs: [15_000, 40_000],
    },
  };
}

function bandwidth(name: string): number {
  const model = deviceModel(name);
  if (!model) throw new Error(`lib/arch/devices.ts does not know '${name}'`);
  return model.hbm_tbps;
}

/** The hardware description of `arch`. */
export function hardwareFor(arch: Arch): Hardware {
  switch (arch) {
    case "gfx942":
      return {
        arch,
        vendor: "amd",
        deviceName: "AMD Instinct MI300X",
        hbmTBps: bandwidth("AMD Instinct MI300X"),
        peakTflops: 1307,
        linkGBps: 300,
        customAllReduceNs: 7_000,
        ncclAllReduceNs: 22_000,
        kernelFloorNs: 2_200,
        graphGapNs: [1_200, 3_500],
        eagerGapNs: [1_500, 3_000],
        launch: amdLaunch(),
        kinetoStream: 0,
        computeMajor: 9,
        computeMinor: 4,
        multiprocessors: 304,
        warpSize: 64,
        memoryBytes: 206_141_652_992,
        sharedMemPerBlock: 65_536,
      };
    case "gfx950":
      return {
        arch,
        vendor: "amd",
        deviceName: "AMD Instinct MI355X",
        hbmTBps: bandwidth("AMD Instinct MI355X"),
        peakTflops: 2300,
        linkGBps: 380,
        customAllReduceNs: 6_000,
        ncclAllReduceNs: 20_000,
        kernelFloorNs: 2_000,
        graphGapNs: [1_000, 3_000],
        eagerGapNs: [1_500, 3_000],
        launch: amdLaunch(),
        kinetoStream: 0,
        computeMajor: 9,
        computeMinor: 5,
        multiprocessors: 256,
        warpSize: 64,
        memoryBytes: 309_220_868_096,
        sharedMemPerBlock: 163_840,
      };
    case "sm90":
      return {
        arch,
        vendor: "nvidia",
        deviceName: "NVIDIA H100 80GB HBM3",
        hbmTBps: bandwidth("NVIDIA H100 80GB HBM3"),
        peakTflops: 989,
        linkGBps: 360,
        customAllReduceNs: 6_000,
        ncclAllReduceNs: 14_000,
        kernelFloorNs: 1_600,
        graphGapNs: [600, 1_500],
        eagerGapNs: [1_000, 2_000],
        launch: nvidiaLaunch(),
        kinetoStream: 7,
        computeMajor: 9,
        computeMinor: 0,
        multiprocessors: 132,
        warpSize: 32,
        memoryBytes: 85_017_493_504,
        sharedMemPerBlock: 49_152,
      };
  }
}
