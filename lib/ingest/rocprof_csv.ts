/**
 * Legacy rocprof (v1/v2) CSV output: `results.csv` with one row per kernel
 * dispatch (`Index, KernelName, gpu-id, queue-id, queue-index, pid, tid, grd,
 * wgr, lds, scr, arch_vgpr, accum_vgpr, sgpr, …, BeginNs, EndNs …`; older
 * files say `vgpr` and `fbar` and have no DurationNs; counter columns may
 * follow) and `results.stats.csv` (per-kernel aggregates, used only when no
 * results.csv is given). Columns are mapped by header name; kernel names are
 * kept as written, ` [clone .kd]` suffix included. Each pid is one rank.
 *
 * @module
 */
import { basename, dirname } from "node:path";
import { InputError } from "../cli/errors.ts";
import { agentIndex } from "./amd_agents.ts";
import { csvHeader, csvRounded, type FieldRule, mapColumns, readCsvRecords } from "./csv.ts";
import { type DispatchCsv, loadDispatchCsvs } from "./dispatch_csv.ts";
import type { TraceFormat } from "./format.ts";
import type { InputFile } from "./source.ts";
import type { RunWriter } from "./writer.ts";

const DISPATCH_RULES: readonly FieldRule[] = [
  { field: "name", names: ["KernelName"], required: true },
  { field: "start_ns", names: ["BeginNs"], required: true },
  { field: "end_ns", names: ["EndNs"], required: true },
  { field: "device", names: ["gpu-id"] },
  { field: "queue", names: ["queue-id"] },
  { field: "rank_key", names: ["pid"] },
  { field: "grid_x", names: ["grd"] },
  { field: "block_x", names: ["wgr"] },
  { field: "lds_bytes", names: ["lds"] },
  { field: "scratch_bytes", names: ["scr"] },
  { field: "vgpr", names: ["arch_vgpr", "vgpr"] },
  { field: "sgpr", names: ["sgpr"] },
];

const STATS_RULES: readonly FieldRule[] = [
  { field: "name", names: ["Name"], required: true },
  { field: "calls", names: ["Calls"], required: true },
  { field: "total", names: ["TotalDurationNs"], required: true },
];

/** A stats file of another domain: results.hip_stats.csv, results.copy_stats.csv, results.hsa_stats.csv. */
const OTHER_STATS = /_stats\.csv(\.gz)?$/i;

type Content = "dispatches" | "kernel_stats" | "skip";

function has(header: readonly string[], ...names: string[]): boolean {
  const set = new Set(header);
  return names.every((n) => set.has(n));
}

function contentOf(file: InputFile, header: readonly string[]): Content | null {
  if (has(header, "KernelName") && (has(header, "gpu-id") || has(header, "BeginNs"))) {
    return "dispatches";
  }
  if (
    has(header, "Name", "Calls", "TotalDurationNs", "AverageNs", "Percentage") &&
    !has(header, "MinNs")
  ) {
    return OTHER_STATS.test(basename(file.path)) ? "skip" : "kernel_stats";
  }
  return null;
}

function dispatchCsv(file: InputFile, header: string[], writer: RunWriter): DispatchCsv {
  return {
    file,
    header,
    rules: DISPATCH_RULES,
    what: "rocprof results.csv",
    rank: (pid) => writer.rank(pid === null ? file.path : `${dirname(file.path)}/pid ${pid}`),
    device: (value, column, line) => agentIndex(value, file.path, column, line),
  };
}

async function loadStats(file: InputFile, header: string[], writer: RunWriter): Promise<void> {
  const col = mapColumns(file.path, header, STATS_RULES, "rocprof results.stats.csv");
  const rank = writer.rank(file.path);
  for await (const batch of readCsvRecords(file, header.length)) {
    for (const { fields: f, line } of batch) {
      await writer.kernelStat({
        rank,
        name: f[col.name.index] ?? "",
        calls: csvRounded(f[col.calls.index], file.path, line, col.calls.name) ?? 0,
        total_ns: csvRounded(f[col.total.index], file.path, line, col.total.name) ?? 0,
      });
    }
  }
}

async function ingest(files: InputFile[], writer: RunWriter): Promise<void> {
  const classified = files.map((file) => {
    const header = csvHeader(file);
    const content = header ? contentOf(file, header) : null;
    if (!header || !content) {
      throw new InputError(file.path, "expected a rocprof results.csv or results.stats.csv header");
    }
    return { file, header, content };
  });
  const dispatches = classified.filter((c) => c.content === "dispatches");
  await loadDispatchCsvs(dispatches.map((c) => dispatchCsv(c.file, c.header, writer)), writer);
  if (!dispatches.length) {
    for (const c of classified) {
      if (c.content === "kernel_stats") await loadStats(c.file, c.header, writer);
    }
  }
  if (!writer.counts.dispatches && !writer.counts.kernel_stats) {
    throw new InputError(
      files.length === 1 ? files[0].path : dirname(files[0].path),
      "no kernel dispatches or kernel stats found (rocprof results.csv needs --timestamp on)",
    );
  }
}

/** The legacy rocprof CSV format module. */
export const rocprofCsv: TraceFormat = {
  id: "rocprof-csv",
  title: "legacy rocprof v1/v2 CSV (results.csv, results.stats.csv)",
  sniff(file) {
    const header = csvHeader(file);
    return header !== null && contentOf(file, header) !== null;
  },
  ingest,
};
