/**
 * Resolving report inputs: trace paths are ingested into an in-memory store
 * (the embedded default); run ids or labels are looked up in the store file.
 * When both are mixed, the store is copied into memory first so the file is
 * never written by a report.
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { ingestPath } from "../ingest/mod.ts";
import { progress } from "./progress.ts";
import { openStore } from "../store/open.ts";
import { resolveRun } from "../store/runs.ts";
import { InputError, UsageError } from "./errors.ts";

/** The engine holding the inputs and their run ids, in input order. */
export interface OpenedInputs {
  engine: Engine;
  runIds: number[];
}

/** A reference that names a file by its look (a folder part or a trace extension), not a run. */
const PATH_LIKE = /[\\/]|\.(json|gz|rpd|csv|db|sqlite3?|duckdb)$/i;

async function isPath(ref: string): Promise<boolean> {
  try {
    await Deno.stat(ref);
    return true;
  } catch {
    return false;
  }
}

const CANONICAL_TABLES = [
  "runs",
  "run_meta",
  "kernel_names",
  "kernel_dispatches",
  "markers",
  "memory_ops",
  "api_calls",
  "kernel_stats",
  "user_rules",
];

/** Open an engine with every input available as a run. */
export async function openInputs(
  refs: string[],
  opts: { db: string; engine?: string },
): Promise<OpenedInputs> {
  const kinds = await Promise.all(refs.map(isPath));
  const missing = refs.find((r, i) => !kinds[i] && PATH_LIKE.test(r));
  if (missing !== undefined) throw new InputError(missing, "no such file or folder");
  const anyRun = kinds.some((p) => !p);
  const anyPath = kinds.some((p) => p);
  if (anyRun && !(await isPath(opts.db))) {
    const missing = refs.filter((_, i) => !kinds[i]);
    throw new InputError(
      missing[0],
      `no such file, and no store at ${opts.db} to look it up as a run (ingest first, or pass a trace path)`,
    );
  }
  const engine = anyRun && !anyPath
    ? await openStore({ path: opts.db, engine: opts.engine })
    : await openStore({ path: ":memory:", engine: opts.engine });
  try {
    if (anyRun && anyPath) {
      if (engine.kind === "wasm") {
        throw new UsageError("mixing stored runs and trace paths needs the native engine");
      }
      await engine.query("ATTACH ? AS store (READ_ONLY)", [opts.db]);
      for (const t of CANONICAL_TABLES) {
        const exists = await engine.query(
          "SELECT 1 FROM information_schema.tables WHERE table_catalog = 'store' AND table_name = ?",
          [t],
        );
        if (exists.length) await engine.exec(`INSERT INTO ${t} SELECT * FROM store.${t}`);
      }
      await engine.exec("DETACH store");
    }
    const runIds: number[] = [];
    for (let i = 0; i < refs.length; i++) {
      if (kinds[i]) {
        const bar = progress();
        const r = await ingestPath(engine, refs[i], {
          force: true,
          onProgress: (c) =>
            bar.update(`reading ${refs[i]}: ${c.dispatches.toLocaleString("en-US")} dispatches`),
        }).finally(() => bar.done());
        runIds.push(r.run_id);
      } else runIds.push((await resolveRun(engine, refs[i])).run_id);
    }
    return { engine, runIds };
  } catch (e) {
    await engine.close();
    throw e;
  }
}
