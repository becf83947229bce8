/**
 * The bench's measured process: `deno run -A lib/perf/child.ts '<task JSON>'`
 * runs one task in a fresh process and prints one JSON line with each step's
 * wall time, CPU time and peak RSS (see probe.ts). Tasks:
 *
 * - `pipeline`: what `deno task report <trace>` does, step by step: open an
 *   in-memory store (loading the engine), ingest, classify (the taxonomy),
 *   the decode summary, and the report (markdown, HTML and JSON written to
 *   `out`), the renderers loading during the analysis as the command loads them;
 * - `floor`: bare DuckDB reading the kernel_trace CSVs with `read_csv` and one
 *   GROUP BY (kernel name, summed durations), the least any CSV ingest costs;
 * - `ingest-store`: `deno task ingest` into a store file `db` (open, ingest).
 *
 * A failure prints `{"ok": false, "error": <one line>}`.
 *
 * @module
 */
import { errorLine } from "../cli/errors.ts";
import { sqlString } from "../db/quote.ts";
import type { Engine } from "../db/engine.ts";
import type { Renderers } from "../report/renderers.ts";
import { measureStep, peakRssMib, type StepSample } from "./probe.ts";

/** A task for the child. */
export type ChildTask =
  | { task: "pipeline"; engine: "native" | "wasm"; path: string; out: string }
  | { task: "floor"; files: string[] }
  | { task: "ingest-store"; path: string; db: string };

/** What the child prints. */
export interface ChildResult {
  ok: boolean;
  /** The failure, one line (when not ok). */
  error?: string;
  /** Time from process start to the first step (ms): runtime start and module loading. */
  startup_ms: number;
  /** Steps in order, by name. */
  steps: Record<string, StepSample>;
  /** Kernel dispatches stored (pipeline, ingest-store) or rows grouped (floor). */
  rows?: number;
  /** The process's peak RSS over all steps (MiB). */
  peak_rss_mib: number | null;
}

async function pipeline(
  t: Extract<ChildTask, { task: "pipeline" }>,
  steps: Record<string, StepSample>,
): Promise<number> {
  const [{ openStore }, { ingestPath }, { loadTaxonomy }, { decodeSummaries }, { loadRenderers }] =
    await Promise.all([
      import("../store/open.ts"),
      import("../ingest/mod.ts"),
      import("../taxonomy/load.ts"),
      import("../analysis/decode.ts"),
      import("../report/renderers.ts"),
    ]);
  let engine: Engine | null = null;
  try {
    const [store, open] = await measureStep(() => openStore({ engine: t.engine }));
    engine = store;
    steps.open = open;
    const [ingested, ingest] = await measureStep(() => ingestPath(store, t.path, { force: true }));
    steps.ingest = ingest;
    steps.classify = (await measureStep(() => loadTaxonomy(store, {})))[1];
    // as `deno task report` does, the renderers load while DuckDB computes the decode tables
    const renderers = loadRenderers();
    const [summaries, decode] = await measureStep(() => decodeSummaries(store, [ingested.run_id]));
    steps.decode = decode;
    steps.report = (await measureStep(async () =>
      writeReport(await renderers, summaries[0], store, t.out)
    ))[1];
    return ingested.counts.dispatches;
  } finally {
    if (engine) await (engine as Engine).close();
  }
}

/** The report step of `deno task report`: build, render and write the three files. */
async function writeReport(
  { build, render, json, provenance, write }: Renderers,
  summary: import("../analysis/decode.ts").DecodeSummary,
  engine: Engine,
  out: string,
): Promise<void> {
  const prov = provenance.currentProvenance(engine.kind);
  const doc = build.runReport(summary, prov);
  await write.writeAllOrNothing({
    [`${out}.md`]: render.toMarkdown(doc),
    [`${out}.html`]: render.toHtml(doc, build.runTitle(summary)),
    [`${out}.json`]: json.reportJsonText(json.reportJson([summary], prov)),
  });
}

async function floor(
  t: Extract<ChildTask, { task: "floor" }>,
  steps: Record<string, StepSample>,
): Promise<number> {
  const [rows, sample] = await measureStep(async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      const list = t.files.map(sqlString).join(", ");
      const reader = await conn.runAndReadAll(
        `SELECT Kernel_Name, sum(End_Timestamp - Start_Timestamp) AS total_ns
         FROM read_csv([${list}]) GROUP BY Kernel_Name`,
      );
      return reader.currentRowCount;
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
  steps.floor = sample;
  return rows;
}

async function ingestStore(
  t: Extract<ChildTask, { task: "ingest-store" }>,
  steps: Record<string, StepSample>,
): Promise<number> {
  const { openStore } = await import("../store/open.ts");
  const { ingestPath } = await import("../ingest/mod.ts");
  const [engine, open] = await measureStep(() => openStore({ path: t.db, engine: "native" }));
  steps.open = open;
  try {
    const [ingested, ingest] = await measureStep(() => ingestPath(engine, t.path, { force: true }));
    steps.ingest = ingest;
    return ingested.counts.dispatches;
  } finally {
    await engine.close();
  }
}

/** Run a task and return what the child prints. */
export async function runTask(t: ChildTask): Promise<ChildResult> {
  const startup_ms = performance.now();
  const steps: Record<string, StepSample> = {};
  const result = (ok: boolean, rows?: number, error?: string): ChildResult => {
    const peaks = Object.values(steps).map((s) => s.peak_rss_mib ?? 0);
    return {
      ok,
      ...(error === undefined ? {} : { error }),
      startup_ms,
      steps,
      ...(rows === undefined ? {} : { rows }),
      peak_rss_mib: peaks.length ? Math.max(...peaks) : peakRssMib(),
    };
  };
  try {
    switch (t.task) {
      case "pipeline":
        return result(true, await pipeline(t, steps));
      case "floor":
        return result(true, await floor(t, steps));
      case "ingest-store":
        return result(true, await ingestStore(t, steps));
    }
  } catch (e) {
    return result(false, undefined, errorLine(e).replace(/^tracedeck: /, ""));
  }
}

if (import.meta.main) {
  const out = await runTask(JSON.parse(Deno.args[0]) as ChildTask);
  console.log(JSON.stringify(out));
  Deno.exit(out.ok ? 0 : 1);
}
