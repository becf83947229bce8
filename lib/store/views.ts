/**
 * Loading the analysis: the taxonomy rules table, then every SQL module under
 * `queries/` (except `schema.sql` and the saved queries in `queries/history/`)
 * as temporary views, in dependency order. A module states what it needs on
 * lines `-- requires: <folder>/<file>.sql` at its top, like Perfetto's
 * `INCLUDE PERFETTO MODULE`.
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { QUERIES_DIR } from "./query_files.ts";
import { loadTaxonomy } from "../taxonomy/load.ts";
import { UsageError } from "../cli/errors.ts";

/** Per-run parameters of the decode analysis. */
export interface DecodeParams {
  /** The run. */
  run_id: number;
  /** RE2 pattern of the markers that delimit steps (default: automatic). */
  step_marker?: string | null;
  /** Decode steps to drop as warm-up (default: automatic). */
  skip?: number | null;
}

/** What to load the analysis for. */
export interface ViewOptions {
  /** Runs to compute the decode tables for (default: every run). */
  runs?: number[];
  /** Decode parameters per run. */
  decode?: DecodeParams[];
  /** User taxonomy rule files that outrank the built-in rules. */
  rulesFiles?: string[];
  /**
   * The modules wanted (relative to queries/, e.g. `decode/findings.sql`),
   * with what they require; default every module. Modules already loaded for
   * the same options are not run again.
   */
  modules?: string[];
}

/** Per engine: the options and store state the tables were computed for, and the modules loaded. */
const loaded = new WeakMap<Engine, { key: string; modules: Set<string> }>();

/**
 * View modules, relative to queries/, in dependency order: all of them, or
 * `roots` and what they require.
 */
export async function viewModules(roots?: string[]): Promise<{ rel: string; sql: string }[]> {
  const files: string[] = [];
  const walk = async (dir: string, rel: string) => {
    for await (const e of Deno.readDir(dir)) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory && r !== "history") await walk(`${dir}/${e.name}`, r);
      else if (e.isFile && e.name.endsWith(".sql") && r !== "schema.sql") files.push(r);
    }
  };
  await walk(QUERIES_DIR.replace(/\/$/, ""), "");
  files.sort();
  const text = new Map<string, string>();
  for (const f of files) text.set(f, await Deno.readTextFile(QUERIES_DIR + f));
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (f: string, from?: string) => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "visiting") throw new Error(`queries/${f}: circular '-- requires:'`);
    if (!text.has(f)) throw new Error(`queries/${from}: requires missing module ${f}`);
    state.set(f, "visiting");
    for (const m of text.get(f)!.matchAll(/^--\s*requires:\s*(\S+)/gm)) visit(m[1], f);
    state.set(f, "done");
    order.push(f);
  };
  for (const f of roots ?? files) visit(f);
  return order.map((rel) => ({ rel, sql: text.get(rel)! }));
}

/**
 * Create the taxonomy tables and the analysis views (every module, or
 * `opts.modules` and what they require) on this engine. The decode tables are
 * materialised for `opts.runs` with `opts.decode`; calling again with the
 * same options only loads modules not loaded yet, with other options (or
 * after an ingest) recomputes.
 */
export async function loadViews(engine: Engine, opts: ViewOptions = {}): Promise<void> {
  // the store's contents are part of the key: an ingest since the last load recomputes
  const [state] = await engine.query(
    "SELECT (SELECT count(*) FROM runs) AS runs, (SELECT max(run_id) FROM runs) AS last, (SELECT count(*) FROM kernel_names) AS names",
  );
  const { modules: roots, ...computed } = opts;
  const key = JSON.stringify([computed, state]);
  let done = loaded.get(engine);
  if (done?.key !== key) {
    loaded.delete(engine);
    await loadTaxonomy(engine, { rulesFiles: opts.rulesFiles });
    await engine.exec(
      "CREATE OR REPLACE TEMP TABLE decode_scope (run_id INTEGER); " +
        "CREATE OR REPLACE TEMP TABLE decode_params (run_id INTEGER, step_marker VARCHAR, skip INTEGER)",
    );
    if (opts.runs) {
      if (opts.runs.length) await engine.append("decode_scope", { run_id: opts.runs });
    } else {
      await engine.exec("INSERT INTO decode_scope SELECT run_id FROM runs");
    }
    const params = opts.decode ?? [];
    if (params.length) {
      await engine.append("decode_params", {
        run_id: params.map((p) => p.run_id),
        step_marker: params.map((p) => p.step_marker ?? null),
        skip: params.map((p) => p.skip ?? null),
      });
    }
    done = { key, modules: new Set() };
  }
  for (const m of await viewModules(roots)) {
    if (done.modules.has(m.rel)) continue;
    try {
      await engine.exec(m.sql);
    } catch (e) {
      if (e instanceof UsageError) throw e; // e.g. the wasm engine's memory ceiling: not a bug in the SQL
      throw new Error(
        `queries/${m.rel}: ${String(e instanceof Error ? e.message : e).split("\n")[0]}`,
      );
    }
    done.modules.add(m.rel);
  }
  loaded.set(engine, done);
}
