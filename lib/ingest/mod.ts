/**
 * Ingest: detect each input's format by content, then stream it into the
 * canonical tables as one run inside one transaction, so a failure or a kill
 * leaves no partial run. Identical content is detected by hash.
 *
 * @module
 */
import { basename } from "node:path";
import type { Engine } from "../db/engine.ts";
import { InputError, UsageError } from "../cli/errors.ts";
import { formatList, FORMATS } from "./formats.ts";
import type { TraceFormat } from "./format.ts";
import { contentHash, expandPath, type InputFile, probeFile } from "./source.ts";
import { RunWriter } from "./writer.ts";
import { captureExtras } from "./manifest.ts";
import { nextRunId, runByHash } from "../store/runs.ts";

/** Options for {@link ingestPath}. */
export interface IngestOptions {
  /** Run label (default: the input's base name). */
  label?: string;
  /** Metadata to store with the run. */
  meta?: Record<string, string>;
  /** Format id that overrides detection. */
  format?: string;
  /** Re-add content that is already in the store. */
  force?: boolean;
  /** Called about twice a second with the rows written so far. */
  onProgress?: (counts: RunWriter["counts"]) => void;
}

/** What an ingest did. */
export interface IngestResult {
  run_id: number;
  label: string;
  format: string;
  /** True when identical content was already stored and nothing was added. */
  duplicate: boolean;
  counts: RunWriter["counts"];
}

/**
 * Formats one capture writes side by side (`rocprofv3 -f csv json`; legacy
 * rocprof's `results.csv` beside its `results.json` Chrome trace): in a folder
 * holding both, the first is ingested and the second ignored.
 */
const CAPTURE_TWINS: [string, string][] = [
  ["rocprofv3-csv", "rocprofv3-json"],
  ["rocprof-csv", "kineto"],
];

/** The format of one file by content, or null. */
export function detectFormat(file: InputFile): TraceFormat | null {
  return FORMATS.find((f) => f.sniff(file)) ?? null;
}

/**
 * Group the files under `path` by format. A single file of unknown format is
 * an error listing the supported formats; in a folder, unknown files are
 * skipped (capture folders hold logs and manifests too).
 */
export async function classifyInputs(
  path: string,
  formatId?: string,
): Promise<{ format: TraceFormat; files: InputFile[] }> {
  const paths = await expandPath(path);
  const forced = formatId ? FORMATS.find((f) => f.id === formatId) : undefined;
  if (formatId && !forced) {
    throw new UsageError(`unknown --format '${formatId}': supported formats are ${formatList()}`);
  }
  const groups = new Map<TraceFormat, InputFile[]>();
  for (const p of paths) {
    const file = await probeFile(p);
    const fmt = forced ?? detectFormat(file);
    if (!fmt) continue;
    if (!groups.has(fmt)) groups.set(fmt, []);
    groups.get(fmt)!.push(file);
  }
  if (groups.size === 0) {
    throw new InputError(
      path,
      `not a recognised trace format (supported: ${formatList()}); use --format to force one`,
    );
  }
  // one capture written in two formats at once: keep the richer one
  for (const [richer, twin] of CAPTURE_TWINS) {
    const a = [...groups.keys()].find((f) => f.id === richer);
    const b = [...groups.keys()].find((f) => f.id === twin);
    if (a && b) groups.delete(b);
  }
  if (groups.size > 1) {
    const found = [...groups.entries()].map(([f, fs]) => `${f.id} (${fs.length} files)`).join(", ");
    throw new InputError(
      path,
      `holds several trace formats: ${found}; ingest them separately or pass --format`,
    );
  }
  const [[format, files]] = [...groups.entries()];
  return { format, files };
}

/** The run's kernel window and the number of ranks with kernels, read from the table. */
async function storedKernelExtent(
  engine: Engine,
  runId: number,
): Promise<{ start: number | bigint | null; end: number | bigint | null; ranks: number }> {
  const [r] = await engine.query<
    { start: number | bigint | null; end: number | bigint | null; ranks: number }
  >(
    `SELECT min(start_ns) AS start, max(end_ns) AS end, count(DISTINCT rank)::INTEGER AS ranks
     FROM kernel_dispatches WHERE run_id = ?`,
    [runId],
  );
  return r;
}

/** Ingest one path (a file, or a folder as one multi-rank run). */
export async function ingestPath(
  engine: Engine,
  path: string,
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const { format, files } = await classifyInputs(path, opts.format);
  // a capture's manifest and logs are part of its identity: the same trace
  // under another image is another run
  const extras = (await expandPath(path)).filter((p) => /(^|\/)run\.json$|\.log$/.test(p));
  // the hash is needed up front only to look for a duplicate: a forced ingest
  // reads and hashes while it loads
  const hashing = contentHash([...files.map((f) => f.path), ...extras]);
  hashing.catch(() => {}); // a failure surfaces where it is awaited
  const label = opts.label ??
    basename(path.replace(/\/+$/, "")).replace(
      /(\.pt)?\.trace\.json(\.gz)?$|\.(json|csv|rpd|db|sqlite)(\.gz)?$/,
      "",
    );
  if (!opts.force) {
    const dup = await runByHash(engine, await hashing);
    if (dup) {
      return {
        run_id: dup.run_id,
        label: dup.label,
        format: dup.source_format,
        duplicate: true,
        counts: { dispatches: 0, markers: 0, memory_ops: 0, api_calls: 0, kernel_stats: 0 },
      };
    }
  }
  return await engine.transaction(async () => {
    const runId = await nextRunId(engine);
    const writer = await RunWriter.open(engine, runId);
    Object.assign(writer.meta, opts.meta ?? {});
    const onProgress = opts.onProgress;
    const timer = onProgress ? setInterval(() => onProgress(writer.counts), 500) : undefined;
    try {
      await format.ingest(files, writer);
    } finally {
      clearInterval(timer);
    }
    await captureExtras(path, writer);
    const written = await writer.finish();
    // the capture window is the kernels' when there are any: copies and markers
    // can come from other clocks (rocprofv3's example CSVs do)
    const kernels = writer.kernelExtent() ?? await storedKernelExtent(engine, runId);
    const span = kernels.start === null ? written : kernels;
    await engine.query(
      `INSERT INTO runs VALUES (?, ?, list_value(${
        files.map(() => "?").join(", ")
      }), ?, ?, now()::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?)`,
      [
        runId,
        label,
        ...files.map((f) => f.path),
        format.id,
        await hashing,
        writer.facts.device_name ?? null,
        writer.facts.arch ?? null,
        Math.max(kernels.ranks, writer.facts.aggregate_only ? 1 : 0),
        writer.facts.framework ?? null,
        writer.facts.aggregate_only ?? false,
        span.start,
        span.end,
      ],
    );
    const meta = Object.entries(writer.meta);
    if (meta.length) {
      await engine.append("run_meta", {
        run_id: meta.map(() => runId),
        key: meta.map(([k]) => k),
        value: meta.map(([, v]) => v),
      });
    }
    return { run_id: runId, label, format: format.id, duplicate: false, counts: writer.counts };
  });
}
