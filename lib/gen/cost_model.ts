/**
 * How long each kernel of a step takes before noise: a roofline over bytes
 * moved (HBM bandwidth) and FLOPs (compute peak) plus a fixed floor, and how
 * many workgroups it launches. Decode GEMMs land at tens of µs, norms at a
 * few µs, decode attention grows with the context length.
 *
 * @module
 */
import type { Hardware } from "./hardware.ts";

/** Cost of one kernel slot at a step's shape. */
export interface Cost {
  /** Duration that does not depend on the context length, ns. */
  fixedNs: number;
  /** Extra duration per token of context (decode attention), ns. */
  perCtxNs: number;
  /** Workgroups (blocks) launched. */
  grid: number;
  /** Extra workgroups per 1024 tokens of context. */
  gridPerKCtx: number;
}

/** Fraction of peak bandwidth and compute that real kernels reach. */
const MEM_EFFICIENCY = 0.7;
const COMPUTE_EFFICIENCY = 0.55;

/** A cost model bound to one GPU. */
export class CostModel {
  constructor(readonly hw: Hardware) {}

  /** ns to move `bytes` through HBM. */
  memNs(bytes: number): number {
    return bytes / (this.hw.hbmTBps * MEM_EFFICIENCY * 1e3);
  }

  /** ns to execute `flops`. */
  computeNs(flops: number): number {
    return flops / (this.hw.peakTflops * COMPUTE_EFFICIENCY * 1e3);
  }

  #cost(bytes: number, flops: number, grid: number): Cost {
    return {
      fixedNs: this.hw.kernelFloorNs + Math.max(this.memNs(bytes), this.computeNs(flops)),
      perCtxNs: 0,
      grid: Math.max(1, Math.round(grid)),
      gridPerKCtx: 0,
    };
  }

  /** A GEMM of `m` rows × `k` × `n` with weights of `weightBytes` per element. */
  gemm(m: number, k: number, n: number, weightBytes = 2): Cost {
    const bytes = k * n * weightBytes + m * (k + n) * 2;
    return this.#cost(bytes, 2 * m * k * n, Math.ceil(n / 64) * Math.ceil(m / 64));
  }

  /**
   * A grouped expert GEMM: `routed` token-expert pairs of `k` × `n`, reading the
   * weights of `touched` distinct experts once.
   */
  expertGemm(touched: number, routed: number, k: number, n: number, weightBytes: number): Cost {
    const bytes = touched * k * n * weightBytes + routed * (k + n) * 2;
    return this.#cost(bytes, 2 * routed * k * n, Math.ceil(touched) * Math.ceil(n / 128));
  }

  /** A memory-bound elementwise or row-wise kernel over `bytes`, `rows` workgroups. */
  elementwise(bytes: number, rows: number): Cost {
    return this.#cost(bytes, 0, Math.min(rows, 8192));
  }

  /** Paged decode attention of `requests` sequences over fp8 KV. */
  decodeAttention(requests: number, kvHeads: number, heads: number, headDim: number): Cost {
    const kvBytesPerToken = 2 * kvHeads * headDim;
    return {
      fixedNs: this.hw.kernelFloorNs + 2_000 + this.memNs(requests * heads * headDim * 4),
      perCtxNs: this.memNs(requests * kvBytesPerToken),
      grid: requests * kvHeads,
      gridPerKCtx: requests * kvHeads * 2,
    };
  }

  /** Causal flash attention over `requests` prompts of `length` tokens. */
  prefillAttention(requests: number, length: number, heads: number, headDim: number): Cost {
    const flops = 4 * requests * (length * length / 2) * heads * headDim;
    return this.#cost(0, flops, requests * heads * Math.ceil(length / 128));
  }

  /** An all-reduce of `bytes` across `tp` GPUs, custom one-shot or RCCL/NCCL. */
  allReduce(bytes: number, tp: number, custom: boolean): Cost {
    const base = custom ? this.hw.customAllReduceNs : this.hw.ncclAllReduceNs;
    const wire = bytes * 2 * (tp - 1) / tp / this.hw.linkGBps;
    return { fixedNs: base + wire, perCtxNs: 0, grid: custom ? 80 : tp * 8, gridPerKCtx: 0 };
  }

  /** A kernel with only fixed work (routing, sorting, metadata): `extraNs` above the floor. */
  small(extraNs: number, grid: number): Cost {
    return {
      fixedNs: this.hw.kernelFloorNs + extraNs,
      perCtxNs: 0,
      grid: Math.max(1, grid),
      gridPerKCtx: 0,
    };
  }
}

/** Expected number of distinct experts `tokens` tokens choose (top-`k` of `experts`). */
export function expertsTouched(tokens: number, experts: number, k: number): number {
  return experts * (1 - Math.pow(1 - k / experts, tokens));
}
