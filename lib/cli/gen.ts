/**
 * `deno task gen --format F --out PATH [options]`: generate a realistic LLM
 * decode trace (rocprofv3 CSV, Kineto JSON or RPD) of a chosen size,
 * deterministically from `--seed`, for tests and benchmarks.
 *
 * @module
 */
import { parseCommand } from "./args.ts";
import { UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";
import { formatRows, outputMode } from "./output.ts";
import { GEN_DEFAULTS, GEN_FORMATS, generate, type GenOptions } from "../gen/mod.ts";
import { ARCHES } from "../gen/hardware.ts";
import { MODELS } from "../gen/models.ts";

const d = GEN_DEFAULTS;
const HELP = `Usage: deno task gen --format F --out PATH [options]

Generate a realistic LLM decode trace: warm-up prefill steps, then decode
steps of a transformer (norms, GEMMs, rotary, KV-cache write, paged attention,
all-reduce, MLP or MoE, LM head, sampler) with real kernel names for the
chosen GPU, launch gaps and host-bound gaps between steps. The same --seed
gives byte-identical output.

Options:
  --format F          ${GEN_FORMATS.join(" | ")}
  --out PATH          rocprofv3: a folder (<out>/<host>/<pid>_kernel_trace.csv,
                      _marker_api_trace.csv, _agent_info.csv per rank);
                      kineto: a folder of per-rank .pt.trace.json files, or a
                      .json / .json.gz file for one rank; rpd: the .rpd file
  --dispatches N      kernel dispatches over all ranks (default ${d.dispatches});
                      steps follow from it, a remainder is a step cut short
  --ranks R           tensor-parallel ranks (default ${d.ranks}); must divide N
  --arch A            ${ARCHES.join(" | ")} (default ${d.arch})
  --model M           ${Object.keys(MODELS).join(" | ")} (default ${d.model})
  --batch B           requests per decode step (default ${d.batch})
  --context C         prompt length; decode contexts grow from it (default ${d.context})
  --prefill-steps P   warm-up prefill steps (default ${d.prefillSteps})
  --seed S            random seed (default ${d.seed})
  --gzip              gzip the Kineto JSON
  --manifest          also write <out>.manifest.json (ground truth counts)
  --json | --csv      machine-readable summary
`;

function intFlag(v: string | undefined, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) throw new UsageError(`${flag} expects an integer, got '${v}'`);
  return Number(v);
}

if (import.meta.main) {
  runCommand(async () => {
    const { values, positionals } = parseCommand(Deno.args, {
      format: { type: "string" },
      out: { type: "string" },
      dispatches: { type: "string" },
      ranks: { type: "string" },
      arch: { type: "string" },
      model: { type: "string" },
      batch: { type: "string" },
      context: { type: "string" },
      "prefill-steps": { type: "string" },
      seed: { type: "string" },
      gzip: { type: "boolean" },
      manifest: { type: "boolean" },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length) {
      throw new UsageError(`unexpected argument '${positionals[0]}' (see --help)`);
    }
    if (!values.format) throw new UsageError("gen needs --format (see --help)");
    const opts: GenOptions = {
      format: values.format as GenOptions["format"],
      out: values.out ?? "",
      dispatches: intFlag(values.dispatches, "--dispatches", d.dispatches),
      ranks: intFlag(values.ranks, "--ranks", d.ranks),
      arch: (values.arch ?? d.arch) as GenOptions["arch"],
      model: values.model ?? d.model,
      batch: intFlag(values.batch, "--batch", d.batch),
      context: intFlag(values.context, "--context", d.context),
      prefillSteps: intFlag(values["prefill-steps"], "--prefill-steps", d.prefillSteps),
      seed: intFlag(values.seed, "--seed", d.seed),
      gzip: values.gzip ?? d.gzip,
      manifest: values.manifest ?? d.manifest,
    };
    const started = performance.now();
    const result = await generate(opts);
    const seconds = (performance.now() - started) / 1000;
    let bytes = 0;
    for (const f of result.files) bytes += (await Deno.stat(f)).size;
    const m = result.manifest;
    console.log(formatRows([{
      format: m.format,
      files: result.files.length,
      dispatches: m.dispatches.total,
      steps: m.steps.marked,
      cut_short: m.steps.cut_short_dispatches,
      mib: Math.round(bytes / 1048576 * 10) / 10,
      seconds: Math.round(seconds * 100) / 100,
      out: opts.out,
      manifest: result.manifestFile ?? "",
    }], outputMode(values)));
    return 0;
  });
}
