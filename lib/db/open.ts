/**
 * Choosing and opening an engine: native by default, wasm on request
 * (`--engine wasm` / `TRACEDECK_ENGINE=wasm`), and wasm as a fallback with one
 * warning line when the native binding cannot load.
 *
 * @module
 */
import type { Engine, EngineKind } from "./engine.ts";
import { UsageError } from "../cli/errors.ts";
import { applyMemoryLimit } from "./memory_limit.ts";

/** Options for {@link openEngine}. */
export interface OpenOptions {
  /** `native`, `wasm`, or undefined to use `TRACEDECK_ENGINE` or native. */
  engine?: EngineKind | string;
  /** Database file, or `:memory:` (the default). */
  path?: string;
  /** Where the fallback warning goes (default: stderr). */
  warn?: (line: string) => void;
}

/** The engine kind asked for by option or environment. */
export function requestedEngine(engine?: string): EngineKind {
  const kind = engine ?? Deno.env.get("TRACEDECK_ENGINE") ?? "native";
  if (kind !== "native" && kind !== "wasm") {
    throw new UsageError(`unknown engine '${kind}': expected native or wasm`);
  }
  return kind;
}

/** Open the requested engine on `path`. */
export async function openEngine(opts: OpenOptions = {}): Promise<Engine> {
  const kind = requestedEngine(opts.engine);
  const path = opts.path ?? ":memory:";
  const warn = opts.warn ?? ((line: string) => console.error(line));
  if (kind === "wasm") {
    if (path !== ":memory:") {
      throw new UsageError(
        `the wasm engine is in memory only and cannot open the store '${path}': use --engine native, or pass trace files instead of a store`,
      );
    }
    const { openWasm } = await import("./wasm.ts");
    return openWasm();
  }
  let native: typeof import("./native.ts");
  try {
    native = await import("./native.ts");
  } catch (e) {
    if (path !== ":memory:") throw e;
    warn(
      `tracedeck: warning: native DuckDB failed to load (${firstLine(e)}); using the wasm engine`,
    );
    const { openWasm } = await import("./wasm.ts");
    return openWasm();
  }
  const engine = await native.openNative(path);
  try {
    await applyMemoryLimit(engine);
  } catch (e) {
    await engine.close();
    throw e;
  }
  return engine;
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split("\n")[0];
}
