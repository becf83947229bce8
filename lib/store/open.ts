/**
 * Opening the store: a DuckDB file (`--db`, `TRACEDECK_DB`, default
 * `./tracedeck.duckdb`) or an in-memory database for commands given trace
 * paths directly, with the canonical schema ensured.
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { openEngine } from "../db/open.ts";
import { ensureSchema } from "./schema.ts";

/** Open (and create when missing) a store. `path` `:memory:` gives an embedded one. */
export async function openStore(opts: { path?: string; engine?: string } = {}): Promise<Engine> {
  const engine = await openEngine({ path: opts.path ?? ":memory:", engine: opts.engine });
  try {
    await ensureSchema(engine);
  } catch (e) {
    await engine.close();
    throw e;
  }
  return engine;
}
