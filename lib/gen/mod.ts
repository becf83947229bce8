/**
 * The generator's front door: check a request, plan the run, stream its
 * timeline into the chosen format and write the manifest.
 *
 * @module
 */
import { buildManifest, type Manifest, manifestPath } from "./manifest.ts";
import { checkOptions, type GenOptions } from "./options.ts";
import { rankIdentities } from "./ranks.ts";
import { openKineto } from "./kineto_writer.ts";
import { openRocprofv3 } from "./rocprofv3_writer.ts";
import { openRpd } from "./rpd_writer.ts";
import { planRun } from "./schedule.ts";
import { runTimeline } from "./timeline.ts";
import type { TraceSink } from "./events.ts";

export type { GenOptions } from "./options.ts";
export { GEN_DEFAULTS, GEN_FORMATS } from "./options.ts";
export type { Manifest } from "./manifest.ts";

/** What a generation produced. */
export interface GenResult {
  /** Trace files written. */
  files: string[];
  /** The manifest (also written to `manifestFile` when asked). */
  manifest: Manifest;
  /** Path of the manifest file, or null when not written. */
  manifestFile: string | null;
}

/** Generate the trace `opts` describes. Throws UsageError for impossible requests. */
export async function generate(opts: GenOptions): Promise<GenResult> {
  checkOptions(opts);
  const run = planRun(opts);
  const ranks = rankIdentities(opts.seed, opts.ranks, opts.arch);
  let sink: TraceSink;
  switch (opts.format) {
    case "rocprofv3":
      sink = await openRocprofv3(run, ranks, opts.out, opts.seed);
      break;
    case "kineto":
      sink = await openKineto(run, ranks, opts.out, opts.seed, opts.gzip);
      break;
    case "rpd":
      sink = await openRpd(run, ranks, opts.out);
      break;
  }
  await runTimeline(run, opts.seed, sink);
  const files = await sink.close();
  const manifest = buildManifest(opts, run, files);
  let manifestFile: string | null = null;
  if (opts.manifest) {
    manifestFile = manifestPath(opts.out);
    await Deno.writeTextFile(manifestFile, JSON.stringify(manifest, null, 1) + "\n");
  }
  return { files, manifest, manifestFile };
}
