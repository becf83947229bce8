/**
 * Test helpers: where the shared samples are (skipping with a message when
 * `../shared` is absent), fresh in-memory stores on either engine, and the
 * project root.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { Engine, EngineKind } from "../lib/db/engine.ts";
import { openStore } from "../lib/store/open.ts";

/** Absolute path of the project root. */
export const ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/** Absolute path of the shared material beside the project. */
export const SHARED: string = fileURLToPath(new URL("../../shared/", import.meta.url));

/** Whether `../shared` exists here. */
export const HAS_SHARED: boolean = (() => {
  try {
    return Deno.statSync(SHARED + "samples").isDirectory;
  } catch {
    return false;
  }
})();

let warned = false;

/**
 * `ignore` option for tests that read `../shared`: true (skip) when it is
 * absent, printing why once.
 */
export function needsShared(): boolean {
  if (!HAS_SHARED && !warned) {
    warned = true;
    console.warn("skipping tests that read ../shared/samples: ../shared is not present");
  }
  return !HAS_SHARED;
}

/** Path of a shared sample, e.g. `sample("amd/mi210_gpu_only.json.gz")`. */
export function sample(rel: string): string {
  return SHARED + "samples/" + rel;
}

/** Both engines, for tests that must hold on each. */
export const ENGINES: readonly EngineKind[] = ["native", "wasm"];

/** A fresh in-memory store on the given engine. */
export function memoryStore(engine: EngineKind = "native"): Promise<Engine> {
  return openStore({ path: ":memory:", engine });
}
