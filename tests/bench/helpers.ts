/**
 * Helpers for the benchmark tests: paths of the shared benchmark samples and
 * an independent reading of their JSON (whole-document `JSON.parse`, or line
 * by line for JSON Lines), to check the streaming loaders against.
 *
 * @module
 */
import { sample } from "../helpers.ts";

/** Path of a file or folder under shared/samples/bench/. */
export function benchSample(rel: string): string {
  return sample(`bench/${rel}`);
}

/** The objects of a JSON, JSON-array or JSON Lines file, read the plain way. */
export function jsonObjects(path: string): Record<string, unknown>[] {
  const text = Deno.readTextFileSync(path);
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v : [v];
  } catch {
    return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  }
}

/** Every file under a folder, recursively, sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out.sort();
}

/** Files of the MiniMax-M2.5 InferenceX folder whose name holds `tag` (dep8 / tep8). */
export function minimaxFiles(tag: string): string[] {
  return filesUnder(benchSample("inferencex-token-slo-custom/minimax-m2.5")).filter((p) =>
    p.includes(`_${tag}_`)
  );
}
