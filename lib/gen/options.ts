/**
 * What `deno task gen` is asked to produce, with defaults and the checks that
 * turn impossible requests into one-line usage errors.
 *
 * @module
 */
import { UsageError } from "../cli/errors.ts";
import { type Arch, ARCHES } from "./hardware.ts";
import { MODELS } from "./models.ts";

/** Output formats the generator writes. */
export const GEN_FORMATS = ["rocprofv3", "kineto", "rpd"] as const;

/** One of {@link GEN_FORMATS}. */
export type GenFormat = typeof GEN_FORMATS[number];

/** A complete generation request. */
export interface GenOptions {
  format: GenFormat;
  /** Output path: a folder (rocprofv3, multi-rank Kineto) or a file (RPD, one-rank Kineto). */
  out: string;
  /** Kernel dispatches in total over all ranks. */
  dispatches: number;
  /** Tensor-parallel ranks; every rank runs the same steps. */
  ranks: number;
  arch: Arch;
  seed: number;
  /** Model preset id (see lib/gen/models.ts). */
  model: string;
  /** Requests per decode step. */
  batch: number;
  /** Prompt length; decode contexts start there. */
  context: number;
  /** Warm-up prefill steps before the decode steps. */
  prefillSteps: number;
  /** Gzip the Kineto JSON. */
  gzip: boolean;
  /** Write `<out>.manifest.json` beside the output. */
  manifest: boolean;
}

/** Defaults for everything but format and output path. */
export const GEN_DEFAULTS: Omit<GenOptions, "format" | "out"> = {
  dispatches: 100_000,
  ranks: 1,
  arch: "gfx942",
  seed: 1,
  model: "llama-70b",
  batch: 32,
  context: 2048,
  prefillSteps: 2,
  gzip: false,
  manifest: false,
};

function positiveInt(flag: string, v: number, min = 1): number {
  if (!Number.isInteger(v) || v < min) {
    throw new UsageError(`${flag} expects an integer ≥ ${min}, got '${v}'`);
  }
  return v;
}

/** Check a request; throws {@link UsageError} naming the offending flag. */
export function checkOptions(o: GenOptions): GenOptions {
  if (!GEN_FORMATS.includes(o.format)) {
    throw new UsageError(`--format expects one of ${GEN_FORMATS.join(", ")}, got '${o.format}'`);
  }
  if (!ARCHES.includes(o.arch)) {
    throw new UsageError(`--arch expects one of ${ARCHES.join(", ")}, got '${o.arch}'`);
  }
  if (!MODELS[o.model]) {
    throw new UsageError(
      `--model expects one of ${Object.keys(MODELS).join(", ")}, got '${o.model}'`,
    );
  }
  if (!o.out) throw new UsageError("gen needs --out PATH (see --help)");
  positiveInt("--dispatches", o.dispatches);
  positiveInt("--ranks", o.ranks);
  positiveInt("--batch", o.batch);
  positiveInt("--context", o.context);
  positiveInt("--prefill-steps", o.prefillSteps, 0);
  if (!Number.isInteger(o.seed)) throw new UsageError(`--seed expects an integer, got '${o.seed}'`);
  if (o.dispatches % o.ranks !== 0) {
    throw new UsageError(
      `--dispatches ${o.dispatches} must divide evenly over --ranks ${o.ranks} (every rank runs the same steps)`,
    );
  }
  if (o.format === "rocprofv3" && o.arch === "sm90") {
    throw new UsageError("rocprofv3 traces come from AMD GPUs: use --arch gfx942 or gfx950");
  }
  if (o.gzip && o.format !== "kineto") {
    throw new UsageError("--gzip applies to --format kineto only");
  }
  return o;
}
