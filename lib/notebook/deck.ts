/**
 * `tracedeck.open(...)`: the one-liner a notebook starts with. It opens a
 * trace (or several, or a capture folder) in an in-memory store, a store
 * file, or a Parquet export, and returns a {@link Deck} whose methods return
 * displayable results: SQL as tables, the decode summary and findings as
 * report documents, comparisons, figures.
 *
 * Paths are resolved from the current directory (a notebook's folder under
 * Jupyter).
 *
 * @module
 */
import type { Engine, Param, Row } from "../db/engine.ts";
import { openStore } from "../store/open.ts";
import { LIST_RUNS_SQL, resolveRun } from "../store/runs.ts";
import { QUERIES_DIR } from "../store/query_files.ts";
import { ingestPath } from "../ingest/mod.ts";
import { loadBenchmarks } from "../bench/load.ts";
import { type DecodeOptions, decodeSummaries, type DecodeSummary } from "../analysis/decode.ts";
import { compareRuns } from "../analysis/compare.ts";
import { bindNamedParams, splitStatements } from "../cli/sql.ts";
import { UsageError } from "../cli/errors.ts";
import { categoryBars, stepTimeline } from "../report/plots.ts";
import { attachParquet } from "../history/lake.ts";
import { Table, type TableOptions } from "./table.ts";
import { Figure } from "./figure.ts";
import { RunComparison, RunFindings, RunSummary } from "./reports.ts";

/** Options for {@link open}. */
export interface DeckOptions extends Omit<DecodeOptions, "top"> {
  /** Label of the run(s) ingested from trace paths. */
  label?: string;
  /** Metadata stored with ingested runs (model, image, commit, tp, date ...). */
  meta?: Record<string, string>;
  /** `native` (default) or `wasm`. */
  engine?: string;
}

/** A run reference: id or label (a label means its newest run). */
export type RunRef = number | string;

/** SQL parameters: positional values for `?`, or named values for `$name`. */
export type SqlParams = Param[] | Record<string, string | number>;

/** What the input of {@link open} is. */
async function inputKind(input: string): Promise<"store" | "parquet" | "trace"> {
  if (/\.duckdb$/i.test(input)) return "store";
  try {
    const st = await Deno.stat(input);
    if (st.isDirectory && (await Deno.stat(`${input.replace(/\/+$/, "")}/runs`)).isDirectory) {
      return "parquet";
    }
  } catch {
    // not a folder with runs/: a trace path (ingest says so when it is not one either)
  }
  return "trace";
}

/**
 * Open traces, a store or a Parquet export:
 * - nothing: an empty in-memory store (add runs with {@link Deck.ingest});
 * - `*.duckdb`: that store file;
 * - a folder written by `deno task export --parquet`: its tables, read-only;
 * - one or more trace files or capture folders: ingested into memory, one run each.
 */
export async function open(input?: string | string[], opts: DeckOptions = {}): Promise<Deck> {
  const inputs = input === undefined ? [] : Array.isArray(input) ? input : [input];
  const kinds = await Promise.all(inputs.map(inputKind));
  if (inputs.length > 1 && kinds.some((k) => k !== "trace")) {
    throw new UsageError("open takes one store or Parquet export, or any number of trace paths");
  }
  const engine = await openStore({
    path: kinds[0] === "store" ? inputs[0] : ":memory:",
    engine: opts.engine,
  });
  const deck = new Deck(engine, opts);
  try {
    if (kinds[0] === "parquet") await attachParquet(engine, inputs[0]);
    else if (kinds[0] === "trace") {
      for (const p of inputs) await deck.ingest(p, { label: opts.label, meta: opts.meta });
    }
  } catch (e) {
    await engine.close();
    throw e;
  }
  return deck;
}

/** An open store with display helpers. */
export class Deck {
  /** The engine, for anything the helpers do not cover. */
  readonly engine: Engine;
  readonly #opts: DeckOptions;
  #summaries: Map<number, DecodeSummary> | null = null;

  /** Wrap an open store (use {@link open}). */
  constructor(engine: Engine, opts: DeckOptions = {}) {
    this.engine = engine;
    this.#opts = opts;
  }

  /** Ingest a trace file or capture folder as a new run; returns its id. */
  async ingest(
    path: string,
    opts: { label?: string; meta?: Record<string, string> } = {},
  ): Promise<number> {
    const r = await ingestPath(this.engine, path, {
      label: opts.label,
      meta: opts.meta,
      force: true,
    });
    this.#summaries = null;
    return r.run_id;
  }

  /** Load benchmark result files or folders as one run; returns its id. */
  async loadBench(
    paths: string | string[],
    opts: { label?: string; meta?: Record<string, string>; link?: RunRef } = {},
  ): Promise<number> {
    const linkRunId = opts.link === undefined ? undefined : await this.runId(opts.link);
    const r = await loadBenchmarks(this.engine, Array.isArray(paths) ? paths : [paths], {
      label: opts.label,
      meta: opts.meta,
      linkRunId,
      force: true,
    });
    this.#summaries = null;
    return r.run_id;
  }

  /** The id of a run reference. */
  async runId(ref: RunRef): Promise<number> {
    return (await resolveRun(this.engine, String(ref))).run_id;
  }

  /** Ids of the trace runs (benchmark loads excluded), in order. */
  async traceRuns(): Promise<number[]> {
    return (await this.engine.query<{ id: number }>(
      "SELECT run_id AS id FROM runs WHERE source_format <> 'bench' ORDER BY run_id",
    )).map((r) => r.id);
  }

  /** The decode analysis of every trace run, computed once until runs are added. */
  async #all(): Promise<Map<number, DecodeSummary>> {
    if (this.#summaries) return this.#summaries;
    const ids = await this.traceRuns();
    const list = await decodeSummaries(this.engine, ids, {
      stepMarker: this.#opts.stepMarker,
      skip: this.#opts.skip,
      rulesFiles: this.#opts.rulesFiles,
      allViews: true,
    });
    this.#summaries = new Map(list.map((s) => [s.run.id, s]));
    return this.#summaries;
  }

  async #summaryOf(ref?: RunRef): Promise<DecodeSummary> {
    const all = await this.#all();
    if (ref === undefined) {
      const first = all.values().next();
      if (first.done) throw new UsageError("no trace run in this store: ingest one first");
      return first.value;
    }
    const id = await this.runId(ref);
    const s = all.get(id);
    if (!s) throw new UsageError(`run ${ref} has no decode analysis (a benchmark load?)`);
    return s;
  }

  /**
   * Run SQL with every analysis view loaded; a text of several statements
   * returns the last one's rows. `$name` placeholders take `params` by name,
   * `?` placeholders by position.
   */
  async sql(query: string, params: SqlParams = [], opts: TableOptions = {}): Promise<Table> {
    await this.#all();
    const statements = splitStatements(query);
    for (const s of statements.slice(0, -1)) await this.engine.exec(s);
    const last = statements.at(-1) ?? "";
    const bound = Array.isArray(params) ? { sql: last, args: params } : bindNamedParams(
      last,
      Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    );
    return new Table(await this.engine.query<Row>(bound.sql, bound.args), opts);
  }

  /** Run a saved query of `queries/`, e.g. `history/fix_ladder`, with named parameters. */
  async saved(
    name: string,
    params: Record<string, string | number> = {},
    opts: TableOptions = {},
  ): Promise<Table> {
    const rel = name.replace(/\.sql$/, "") + ".sql";
    return this.sql(await Deno.readTextFile(QUERIES_DIR + rel), params, { caption: rel, ...opts });
  }

  /** The runs in the store with their key facts. */
  async runs(): Promise<Table> {
    return new Table(await this.engine.query(LIST_RUNS_SQL));
  }

  /** The decode summary of a run (default: the first trace run). */
  async summary(ref?: RunRef): Promise<RunSummary> {
    return new RunSummary(await this.#summaryOf(ref));
  }

  /** The findings of a run (default: the first trace run). */
  async findings(ref?: RunRef): Promise<RunFindings> {
    return new RunFindings(await this.#summaryOf(ref));
  }

  /** Compare a baseline and a candidate run; changes slower than `threshold` % are regressions. */
  async compare(base: RunRef, cand: RunRef, threshold = 5): Promise<RunComparison> {
    const b = await this.#summaryOf(base);
    const c = await this.#summaryOf(cand);
    return new RunComparison(b, c, await compareRuns(this.engine, b.run.id, c.run.id, threshold));
  }

  /** Busy and idle time of every step of a run (default: the first trace run). */
  async stepsFigure(ref?: RunRef): Promise<Figure> {
    const s = await this.#summaryOf(ref);
    const title = `Decode steps of ${s.run.label}: GPU busy and idle (µs)`;
    return new Figure(stepTimeline(s.steps, title), title);
  }

  /** µs per decode step by category, one bar per run (default: every trace run). */
  async categoriesFigure(refs?: RunRef[]): Promise<Figure> {
    const all = await this.#all();
    const list = refs ? await Promise.all(refs.map((r) => this.#summaryOf(r))) : [...all.values()];
    const title = "Decode step by category (µs per step)";
    const rows = list.flatMap((s) =>
      s.decode.categories.map((c) => ({
        run: `${s.run.id}: ${s.run.label}`,
        category: c.category,
        us: c.us_per_step,
      }))
    );
    return new Figure(categoryBars(rows, title), title);
  }

  /** Close the store. */
  async close(): Promise<void> {
    await this.engine.close();
  }
}
