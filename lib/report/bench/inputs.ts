/**
 * Loading the inputs of a benchmark report: the result files and server logs
 * of the candidate (and of the baseline, for an A/B) into an in-memory
 * store, each side as one run with one build label.
 *
 * @module
 */
import { basename } from "node:path";
import { UsageError } from "../../cli/errors.ts";
import type { Engine } from "../../db/engine.ts";
import { type BenchFileOutcome, loadBenchmarks } from "../../bench/load.ts";

/** One side of a report: the files given for it and what they held. */
export interface BenchSide {
  /** `candidate` and `baseline` in an A/B; `results` for a report of one set. */
  role: "candidate" | "baseline" | "results";
  /** The build label every result of the side carries (for `results`: the run label). */
  label: string;
  /** Paths as given on the command line. */
  paths: string[];
  run_id: number;
  /** sha256 of the files' content (runs.content_hash). */
  content_hash: string;
  files: BenchFileOutcome[];
  results: number;
  logs: number;
}

/** What to load. */
export interface BenchInputOptions {
  /** Files and folders of the candidate (or of the one set). */
  candidate: string[];
  /** Files and folders of the baseline, for an A/B. */
  baseline?: string[];
  /** Label of the candidate (default: derived from its file names). */
  label?: string;
  /** Label of the baseline (default: derived from its file names). */
  vsLabel?: string;
  /** Run metadata for both sides; matrix keys (hardware, tp, isl …) override the files. */
  meta?: Record<string, string>;
}

function stem(path: string): string {
  return basename(path.replace(/\/+$/, "")).replace(/(\.json|\.jsonl|\.log|\.txt)*(\.gz)?$/, "");
}

/**
 * A label for a set of paths: the one path's name, else the common start of
 * the file names cut back to a whole word (`minimax_m25_vllm_dep8_isl1024…`,
 * `…_dep8_isl2048…` → `minimax_m25_vllm_dep8`), else the first name and a
 * count.
 */
export function pathsLabel(paths: string[]): string {
  const names = paths.map(stem);
  if (names.length === 1) return names[0];
  let prefix = names[0];
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.replace(/[^_.\-\s]*$/, "").replace(/[_.\-\s]+$/, "");
  return cut || `${names[0]} +${names.length - 1}`;
}

async function runHash(engine: Engine, runId: number): Promise<string> {
  const r = await engine.query<{ h: string }>(
    "SELECT content_hash AS h FROM runs WHERE run_id = ?",
    [runId],
  );
  return r[0]?.h ?? "";
}

/**
 * Load the sides into `engine`. In an A/B every result of a side gets the
 * side's label (equal derived labels get ` (candidate)` / ` (baseline)`);
 * a single set keeps labels the files carry, unless `label` is given.
 */
export async function loadBenchInputs(
  engine: Engine,
  opts: BenchInputOptions,
): Promise<BenchSide[]> {
  if (!opts.candidate.length) {
    throw new UsageError("report --bench needs at least one file or folder");
  }
  const meta = opts.meta ?? {};
  if (!opts.baseline) {
    if (opts.vsLabel !== undefined) throw new UsageError("--vs-label needs --vs");
    const r = await loadBenchmarks(engine, opts.candidate, {
      label: opts.label,
      defaultLabel: pathsLabel(opts.candidate),
      meta,
      force: true,
    });
    return [{
      role: "results",
      label: r.label,
      paths: opts.candidate,
      run_id: r.run_id,
      content_hash: await runHash(engine, r.run_id),
      files: r.files,
      results: r.results,
      logs: r.logs,
    }];
  }
  if (!opts.baseline.length) throw new UsageError("--vs needs at least one file or folder");
  let cand = opts.label ?? pathsLabel(opts.candidate);
  let base = opts.vsLabel ?? pathsLabel(opts.baseline);
  if (cand === base) {
    if (opts.label !== undefined && opts.vsLabel !== undefined) {
      throw new UsageError(
        `--label and --vs-label are both '${cand}': the two sides need different labels`,
      );
    }
    if (opts.label === undefined) cand = `${cand} (candidate)`;
    if (opts.vsLabel === undefined) base = `${base} (baseline)`;
  }
  const sides: BenchSide[] = [];
  for (
    const [role, label, paths] of [["baseline", base, opts.baseline], [
      "candidate",
      cand,
      opts.candidate,
    ]] as const
  ) {
    const r = await loadBenchmarks(engine, paths, { label, meta, force: true });
    sides.push({
      role,
      label,
      paths,
      run_id: r.run_id,
      content_hash: await runHash(engine, r.run_id),
      files: r.files,
      results: r.results,
      logs: r.logs,
    });
  }
  return sides;
}
