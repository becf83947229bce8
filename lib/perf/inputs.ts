/**
 * The bench's inputs: traces made by the generator (lib/gen) once and cached
 * under `<out>/inputs/`, keyed by format, size, ranks, seed and a hash of
 * the generator's source (a changed generator makes new inputs and removes
 * the stale ones). A trace is reused only when its `.done` mark exists, so an
 * interrupted generation is made again.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { GEN_DEFAULTS, generate } from "../gen/mod.ts";
import { expandPath } from "../ingest/source.ts";
import { type BenchFormat, sizeLabel } from "./options.ts";

/** A generated input on disk. */
export interface BenchInput {
  format: BenchFormat;
  dispatches: number;
  ranks: number;
  /** The trace: a folder (rocprofv3) or a file. */
  path: string;
  /** Every file of the trace. */
  files: string[];
  /** Their total size in bytes. */
  bytes: number;
}

const GEN_DIR = fileURLToPath(new URL("../gen/", import.meta.url));

let genHash: string | undefined;

/** A short hash of the generator's source files. */
async function generatorHash(): Promise<string> {
  if (genHash) return genHash;
  const h = createHash("sha256");
  const names: string[] = [];
  for await (const e of Deno.readDir(GEN_DIR)) {
    if (e.isFile && e.name.endsWith(".ts")) names.push(e.name);
  }
  for (const n of names.sort()) h.update(n).update(await Deno.readTextFile(GEN_DIR + n));
  return genHash = h.digest("hex").slice(0, 8);
}

/**
 * Tensor-parallel ranks a bench trace of this format has: Kineto one (one
 * file), the others 8 from 100k dispatches on (smaller traces are one rank,
 * which keeps whole steps on it).
 */
export function benchRanks(format: BenchFormat, dispatches: number): number {
  return format === "kineto" || dispatches < 100_000 || dispatches % 8 !== 0 ? 1 : 8;
}

function extension(format: BenchFormat): string {
  return format === "kineto" ? ".json" : format === "rpd" ? ".rpd" : "";
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The cached trace for this format, size and ranks, generated when missing. */
export async function benchInput(
  dir: string,
  format: BenchFormat,
  dispatches: number,
  seed: number,
  ranks = benchRanks(format, dispatches),
  log: (line: string) => void = () => {},
): Promise<BenchInput> {
  const stem = `${format}-${sizeLabel(dispatches)}-r${ranks}-s${seed}`;
  const path = `${dir}/${stem}-${await generatorHash()}${extension(format)}`;
  if (!(await exists(`${path}.done`))) {
    await Deno.mkdir(dir, { recursive: true });
    for await (const e of Deno.readDir(dir)) {
      if (e.name.startsWith(`${stem}-`)) await Deno.remove(`${dir}/${e.name}`, { recursive: true });
    }
    log(`generating ${format} ${sizeLabel(dispatches)} dispatches (${ranks} rank(s)) → ${path}`);
    await generate({ ...GEN_DEFAULTS, format, dispatches, ranks, seed, out: path, manifest: true });
    await Deno.writeTextFile(`${path}.done`, new Date().toISOString() + "\n");
  }
  const files = await expandPath(path);
  let bytes = 0;
  for (const f of files) bytes += (await Deno.stat(f)).size;
  return { format, dispatches, ranks, path, files, bytes };
}
