/**
 * Loading benchmark results and vLLM server logs into the store: every file
 * is recognised by content, normalised, and written with one `runs` row
 * (source_format `bench`) inside one transaction, so a bad file leaves
 * nothing behind. Identical content is detected by hash, as for traces.
 *
 * @module
 */
import { basename } from "node:path";
import { deviceModel } from "../arch/devices.ts";
import { InputError } from "../cli/errors.ts";
import type { ColumnBatch, Engine, Param } from "../db/engine.ts";
import { contentHash, expandPath, headText, type InputFile, probeFile } from "../ingest/source.ts";
import { nextRunId, runByHash } from "../store/runs.ts";
import { OVERRIDE_KEYS } from "./matrix.ts";
import type { ResultContext } from "./record.ts";
import { BENCH_COLUMNS, type BenchResult } from "./result.ts";
import { parseServerLog, type ServerLog, sniffServerLog } from "./server_log.ts";
import { BENCH_VARIANTS } from "./variants.ts";
import type { BenchVariant } from "./variant.ts";
import { int } from "./values.ts";

/** Options for {@link loadBenchmarks}. */
export interface BenchLoadOptions {
  /** Run label, and the label of every result unless `labelBy` gives one (default: the first path's name). */
  label?: string;
  /** Take each result's label from this field or metadata key (e.g. `deployment`). */
  labelBy?: string;
  /** Run label, and the label of results that carry none, when `label` is not given. */
  defaultLabel?: string;
  /** Run metadata; matrix keys among them (tp, isl, hardware …) override what the files say. */
  meta?: Record<string, string>;
  /** Trace run to link the benchmark run to (stored as run_meta `linked_run_id`). */
  linkRunId?: number;
  /** Load content that is already stored again. */
  force?: boolean;
}

/** What happened to one input file. */
export interface BenchFileOutcome {
  path: string;
  /** The result family id, `server-log`, `sidecar` (a nightly `.commands` file) or `skipped`. */
  kind: string;
  /** Results (or stats lines, for a log) read from it. */
  rows: number;
}

/** What a benchmark load did. */
export interface BenchLoadResult {
  run_id: number;
  label: string;
  /** True when identical content was already stored and nothing was added. */
  duplicate: boolean;
  files: BenchFileOutcome[];
  results: number;
  logs: number;
}

type Classified =
  | { kind: "variant"; file: InputFile; variant: BenchVariant }
  | { kind: "log" | "sidecar" | "skipped"; file: InputFile };

/** One line listing what can be loaded, for messages. */
export function benchFormatList(): string {
  return [...BENCH_VARIANTS.map((v) => v.id), "vllm server log"].join(", ");
}

/** How a file is handled, judged by content. */
export function classifyBenchFile(file: InputFile): Classified {
  const head = headText(file);
  if (/\.commands$/.test(file.path) && /"client_command"\s*:/.test(head)) {
    return { kind: "sidecar", file };
  }
  const json = /^\s*[[{]/.test(head);
  const variant = json ? BENCH_VARIANTS.find((v) => v.sniff(head, file)) : undefined;
  if (variant) return { kind: "variant", file, variant };
  if (sniffServerLog(head)) return { kind: "log", file };
  return { kind: "skipped", file };
}

async function classifyPaths(paths: string[]): Promise<Classified[]> {
  const out: Classified[] = [];
  for (const path of paths) {
    const files = await expandPath(path);
    const single = files.length === 1 && files[0] === path;
    for (const p of files) {
      const c = classifyBenchFile(await probeFile(p));
      if (single && c.kind === "skipped") {
        throw new InputError(
          p,
          `not a recognised benchmark result or server log (supported: ${benchFormatList()})`,
        );
      }
      out.push(c);
    }
  }
  return out;
}

/** Load benchmark files and folders as one run. */
export async function loadBenchmarks(
  engine: Engine,
  paths: string[],
  opts: BenchLoadOptions = {},
): Promise<BenchLoadResult> {
  if (!paths.length) {
    throw new InputError("(none)", "expected at least one benchmark file or folder");
  }
  const classified = await classifyPaths(paths);
  const used = classified.filter((c) => c.kind !== "skipped");
  if (!used.some((c) => c.kind === "variant" || c.kind === "log")) {
    throw new InputError(
      paths[0],
      `holds no benchmark results or server logs (supported: ${benchFormatList()})`,
    );
  }
  const label = opts.label ?? opts.defaultLabel ??
    basename(paths[0].replace(/\/+$/, "")).replace(/\.(jsonl?|log|txt)(\.gz)?$/, "");
  const meta = opts.meta ?? {};
  const overrides: Record<string, string> = {};
  for (const k of OVERRIDE_KEYS) if (k in meta) overrides[k] = meta[k];
  const ctx: ResultContext = {
    overrides,
    label: opts.label ?? null,
    labelBy: opts.labelBy ?? null,
    runLabel: label,
  };

  const results: BenchResult[] = [];
  const logs: ServerLog[] = [];
  const files: BenchFileOutcome[] = [];
  for (const c of classified) {
    if (c.kind === "variant") {
      const rs = await c.variant.load(c.file, ctx);
      results.push(...rs);
      files.push({ path: c.file.path, kind: c.variant.id, rows: rs.length });
    } else if (c.kind === "log") {
      const log = await parseServerLog(c.file, int(overrides.concurrency));
      logs.push(log);
      files.push({ path: c.file.path, kind: "server-log", rows: log.series.length });
    } else files.push({ path: c.file.path, kind: c.kind, rows: 0 });
  }

  const sources = used.map((c) => c.file.path);
  const hash = await contentHash(sources);
  if (!opts.force) {
    const dup = await runByHash(engine, hash);
    if (dup) {
      return { run_id: dup.run_id, label: dup.label, duplicate: true, files, results: 0, logs: 0 };
    }
  }
  return await engine.transaction(async () => {
    const runId = await nextRunId(engine);
    await insertRun(engine, runId, label, sources, hash, results);
    const runMeta: [string, string][] = Object.entries(meta);
    if (opts.linkRunId !== undefined) runMeta.push(["linked_run_id", String(opts.linkRunId)]);
    if (runMeta.length) {
      await engine.append("run_meta", {
        run_id: runMeta.map(() => runId),
        key: runMeta.map(([k]) => k),
        value: runMeta.map(([, v]) => v),
      });
    }
    await writeResults(engine, runId, results);
    await writeLogs(engine, runId, label, logs);
    return {
      run_id: runId,
      label,
      duplicate: false,
      files,
      results: results.length,
      logs: logs.length,
    };
  });
}

async function insertRun(
  engine: Engine,
  runId: number,
  label: string,
  sources: string[],
  hash: string,
  results: BenchResult[],
): Promise<void> {
  const only = <T>(values: (T | null)[]): T | null => {
    const set = new Set(values.filter((v) => v !== null));
    return set.size === 1 ? [...set][0] as T : null;
  };
  const hardware = only(results.map((r) => r.gpu_model ?? r.hardware));
  await engine.query(
    `INSERT INTO runs (run_id, label, source_files, source_format, content_hash, ingested_at, device_name,
       arch, rank_count, framework, aggregate_only)
     VALUES (?, ?, list_value(${
      sources.map(() => "?").join(", ")
    }), 'bench', ?, now()::TIMESTAMP, ?, ?, 0, ?, false)`,
    [
      runId,
      label,
      ...sources,
      hash,
      hardware,
      deviceModel(hardware)?.arch ?? null,
      only(results.map((r) => r.backend)),
    ],
  );
}

async function nextId(engine: Engine, table: string, column: string): Promise<number> {
  const r = await engine.query<{ id: number }>(
    `SELECT coalesce(max(${column}), 0)::INTEGER + 1 AS id FROM ${table}`,
  );
  return r[0].id;
}

async function writeResults(engine: Engine, runId: number, results: BenchResult[]): Promise<void> {
  if (!results.length) return;
  const first = await nextId(engine, "bench_results", "result_id");
  const batch: ColumnBatch = {
    run_id: results.map(() => runId),
    result_id: results.map((_, i) => first + i),
    metadata: results.map((r) => JSON.stringify(r.metadata)),
  };
  for (const c of BENCH_COLUMNS) batch[c] = results.map((r) => r[c] as Param);
  await engine.append("bench_results", batch);
  const stats = results.flatMap((r, i) => r.stats.map((s) => ({ id: first + i, ...s })));
  if (stats.length) {
    await engine.append("bench_result_stats", {
      result_id: stats.map((s) => s.id),
      metric: stats.map((s) => s.metric),
      stat: stats.map((s) => s.stat),
      value: stats.map((s) => s.value),
      unit: stats.map((s) => s.unit),
    });
  }
}

async function writeLogs(
  engine: Engine,
  runId: number,
  label: string,
  logs: ServerLog[],
): Promise<void> {
  if (!logs.length) return;
  const first = await nextId(engine, "bench_log_capacity", "log_id");
  const caps = logs.map((l, i) => ({ run_id: runId, log_id: first + i, label, ...l.capacity }));
  const capBatch: ColumnBatch = {};
  for (const k of Object.keys(caps[0]) as (keyof typeof caps[0])[]) {
    capBatch[k] = caps.map((c) => c[k] as Param);
  }
  await engine.append("bench_log_capacity", capBatch);
  const rows = logs.flatMap((l, i) =>
    l.series.map((s) => ({ run_id: runId, log_id: first + i, ...s }))
  );
  if (!rows.length) return;
  const batch: ColumnBatch = {};
  for (const k of Object.keys(rows[0]) as (keyof typeof rows[0])[]) {
    batch[k] = rows.map((r) => r[k] as Param);
  }
  await engine.append("bench_log_series", batch);
}
