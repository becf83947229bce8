/**
 * The kernel sequence of one prefill or decode step: per layer RMSNorm, QKV
 * GEMM, rotary, KV-cache write, attention, O-proj GEMM, all-reduce (TP>1),
 * RMSNorm, then the MLP (gate/up GEMM, SiLU-and-mul, down GEMM) or the MoE
 * block (router GEMM, top-k, sort, expert GEMMs, combine) and its all-reduce;
 * around the layers the embedding, final norm, LM head and sampler.
 *
 * A decode step launches a metadata kernel directly, replays everything from
 * the embedding to the LM head as one graph, and launches the sampler
 * directly (vLLM with full graphs). Prefill steps launch every kernel directly.
 *
 * @module
 */
import { type Cost, CostModel, expertsTouched } from "./cost_model.ts";
import type { Hardware } from "./hardware.ts";
import { isMoe, type ModelShape } from "./models.ts";
import type { KernelSpec, Palette } from "./palettes.ts";

/** One kernel of a step with its cost at the step's shape. */
export interface Slot extends Cost {
  kernel: KernelSpec;
  /** Launched by the step's graph replay rather than directly. */
  graph: boolean;
  /** A collective: ends on every rank together, when the last rank arrives. */
  collective: boolean;
}

/** The kernels of one step kind, in launch order. */
export interface StepPlan {
  kind: "prefill" | "decode";
  slots: Slot[];
  /** Index of the first graph-replayed slot, or -1 when nothing is replayed. */
  graphStart: number;
  /** Index after the last graph-replayed slot (-1 when none). */
  graphEnd: number;
  /** Requests in the step. */
  requests: number;
  /** Tokens the step processes (prompt tokens for prefill, one per request for decode). */
  tokens: number;
}

/** Inputs that shape a step. */
export interface PlanInput {
  model: ModelShape;
  hw: Hardware;
  palette: Palette;
  /** Tensor-parallel degree (ranks). */
  tp: number;
  /** Decode batch size (requests per decode step). */
  batch: number;
  /** Prompt length of each prefill request. */
  promptLength: number;
  /** Requests per prefill step. */
  prefillRequests: number;
}

class PlanBuilder {
  readonly slots: Slot[] = [];
  graph = false;
  add(kernel: KernelSpec, cost: Cost, collective = false) {
    this.slots.push({ kernel, graph: this.graph, collective, ...cost });
  }
}

function addLayers(b: PlanBuilder, p: PlanInput, kind: "prefill" | "decode", tokens: number) {
  const { model: m, palette: k, tp } = p;
  const cm = new CostModel(p.hw);
  const heads = m.heads / tp;
  const kvHeads = Math.max(1, m.kvHeads / tp);
  const qkvN = (heads + 2 * kvHeads) * m.headDim;
  const prefill = kind === "prefill";
  const gemm = (decodeKernel: KernelSpec) => prefill ? k.prefillGemm : decodeKernel;
  const allReduce = prefill ? k.prefillAllReduce : k.allReduce;
  const arCost = cm.allReduce(
    tokens * m.hidden * 2,
    tp,
    !prefill && allReduce !== k.prefillAllReduce,
  );
  const norm = cm.elementwise(tokens * m.hidden * 2 * 3, tokens);
  for (let layer = 0; layer < m.layers; layer++) {
    b.add(k.norm, norm);
    b.add(gemm(k.qkv), cm.gemm(tokens, m.hidden, qkvN));
    b.add(k.rope, cm.elementwise(tokens * (heads + kvHeads) * m.headDim * 4, tokens));
    b.add(k.kvWrite, cm.elementwise(tokens * 2 * kvHeads * m.headDim * 3, tokens));
    if (prefill) {
      b.add(
        k.attnPrefill,
        cm.prefillAttention(p.prefillRequests, p.promptLength, heads, m.headDim),
      );
    } else {
      b.add(k.attnDecode, cm.decodeAttention(p.batch, kvHeads, heads, m.headDim));
      if (k.attnDecodeReduce) {
        b.add(k.attnDecodeReduce, cm.elementwise(p.batch * heads * m.headDim * 4 * 8, p.batch));
      }
    }
    b.add(gemm(k.oProj), cm.gemm(tokens, heads * m.headDim, m.hidden));
    if (tp > 1) b.add(allReduce, arCost, true);
    b.add(k.norm, norm);
    if (isMoe(m)) {
      const inter = m.expertIntermediate / tp;
      const touched = expertsTouched(tokens, m.experts, m.topK);
      const routed = tokens * m.topK;
      const wb = k.moeWeightBytes;
      b.add(k.router, cm.gemm(tokens, m.hidden, m.experts));
      b.add(k.moeTopK, cm.small(1_500, Math.ceil(tokens / 4)));
      if (k.moeSort) b.add(k.moeSort, cm.small(2_500 + routed * 0.5, Math.ceil(routed / 256)));
      if (k.moeQuant) b.add(k.moeQuant, cm.elementwise(tokens * m.hidden * 3, tokens));
      b.add(k.moeGemm1, cm.expertGemm(touched, routed, m.hidden, 2 * inter, wb));
      b.add(k.moeGemm2, cm.expertGemm(touched, routed, inter, m.hidden, wb));
      if (k.moeCombine) b.add(k.moeCombine, cm.elementwise(routed * m.hidden * 2, tokens));
    } else {
      const inter = m.intermediate / tp;
      b.add(gemm(k.gateUp), cm.gemm(tokens, m.hidden, 2 * inter));
      b.add(k.act, cm.elementwise(tokens * inter * 2 * 3, tokens));
      b.add(gemm(k.down), cm.gemm(tokens, inter, m.hidden));
    }
    if (tp > 1) b.add(allReduce, arCost, true);
  }
}

function addSampler(b: PlanBuilder, p: PlanInput, requests: number) {
  const cm = new CostModel(p.hw);
  b.add(p.palette.sampleSoftmax, cm.elementwise(requests * p.model.vocab * 4 * 2, requests));
  b.add(p.palette.sampleDraw, cm.elementwise(requests * p.model.vocab * 4 * 2, requests * 8));
}

function buildStep(p: PlanInput, kind: "prefill" | "decode"): StepPlan {
  const { model: m, palette: k, tp } = p;
  const cm = new CostModel(p.hw);
  const requests = kind === "prefill" ? p.prefillRequests : p.batch;
  const tokens = kind === "prefill" ? p.prefillRequests * p.promptLength : p.batch;
  const b = new PlanBuilder();
  b.add(k.metadata, cm.small(800, Math.ceil(requests / 64)));
  const graphStart = kind === "decode" ? b.slots.length : -1;
  b.graph = kind === "decode";
  b.add(k.embedding, cm.elementwise(tokens * m.hidden * 2, tokens));
  addLayers(b, p, kind, tokens);
  b.add(k.norm, cm.elementwise(requests * m.hidden * 2 * 3, requests));
  b.add(k.lmHead, cm.gemm(requests, m.hidden, m.vocab / tp));
  const graphEnd = kind === "decode" ? b.slots.length : -1;
  b.graph = false;
  addSampler(b, p, requests);
  return { kind, slots: b.slots, graphStart, graphEnd, requests, tokens };
}

/** The prefill step's kernels. */
export function prefillPlan(p: PlanInput): StepPlan {
  return buildStep(p, "prefill");
}

/** The decode step's kernels. */
export function decodePlan(p: PlanInput): StepPlan {
  return buildStep(p, "decode");
}
