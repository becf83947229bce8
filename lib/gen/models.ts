/**
 * Model shapes the generator can trace: the dimensions that decide how many
 * kernels a decode step runs and how long each takes (public configs of the
 * named models).
 *
 * @module
 */

/** Shape of one transformer model. */
export interface ModelShape {
  /** Preset id as given to `--model`. */
  id: string;
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Dense MLP intermediate size (0 for MoE models). */
  intermediate: number;
  vocab: number;
  /** MoE: number of routed experts (0 for dense models). */
  experts: number;
  /** MoE: experts per token. */
  topK: number;
  /** MoE: intermediate size of one expert. */
  expertIntermediate: number;
}

/** Model presets by id. */
export const MODELS: Readonly<Record<string, ModelShape>> = {
  "llama-8b": {
    id: "llama-8b",
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    intermediate: 14336,
    vocab: 128256,
    experts: 0,
    topK: 0,
    expertIntermediate: 0,
  },
  "llama-70b": {
    id: "llama-70b",
    layers: 80,
    hidden: 8192,
    heads: 64,
    kvHeads: 8,
    headDim: 128,
    intermediate: 28672,
    vocab: 128256,
    experts: 0,
    topK: 0,
    expertIntermediate: 0,
  },
  "mixtral-8x7b": {
    id: "mixtral-8x7b",
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    intermediate: 0,
    vocab: 32000,
    experts: 8,
    topK: 2,
    expertIntermediate: 14336,
  },
  "qwen3-30b-a3b": {
    id: "qwen3-30b-a3b",
    layers: 48,
    hidden: 2048,
    heads: 32,
    kvHeads: 4,
    headDim: 128,
    intermediate: 0,
    vocab: 151936,
    experts: 128,
    topK: 8,
    expertIntermediate: 768,
  },
};

/** Whether the model routes tokens to experts. */
export function isMoe(m: ModelShape): boolean {
  return m.experts > 0;
}
