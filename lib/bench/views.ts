/**
 * Creating the benchmark views (`queries/bench/*.sql`) on an engine, in the
 * order their `-- requires:` lines give, without the rest of the analysis: a
 * store that holds only benchmarks needs no kernel taxonomy. The store-wide
 * loader (lib/store/views.ts) creates the same views among all others; both
 * use CREATE OR REPLACE, so either order is fine.
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { QUERIES_DIR } from "../store/query_files.ts";

const loaded = new WeakSet<Engine>();

/** Create every view and macro of queries/bench/ on this engine (once per engine). */
export async function loadBenchViews(engine: Engine): Promise<void> {
  if (loaded.has(engine)) return;
  const dir = QUERIES_DIR + "bench/";
  const text = new Map<string, string>();
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".sql")) names.push(e.name);
  }
  for (const n of names.sort()) text.set(`bench/${n}`, await Deno.readTextFile(dir + n));
  const done = new Set<string>();
  const run = async (rel: string, chain: string[]) => {
    if (done.has(rel)) return;
    if (chain.includes(rel)) throw new Error(`queries/${rel}: circular '-- requires:'`);
    const sql = text.get(rel);
    if (sql === undefined) {
      throw new Error(`queries/${chain.at(-1)}: requires missing module ${rel}`);
    }
    for (const m of sql.matchAll(/^--\s*requires:\s*(\S+)/gm)) await run(m[1], [...chain, rel]);
    try {
      await engine.exec(sql);
    } catch (e) {
      throw new Error(
        `queries/${rel}: ${String(e instanceof Error ? e.message : e).split("\n")[0]}`,
      );
    }
    done.add(rel);
  };
  for (const rel of text.keys()) await run(rel, []);
  loaded.add(engine);
}
