/**
 * rocprofv3 (rocprofiler-sdk) CSV output: `kernel_trace.csv` in each header
 * variant (current; 2024 without Stream_Id and with segment sizes; the
 * `rocpd convert -f csv` one with a leading Guid), `marker_api_trace.csv`
 * (roctx ranges), `memory_copy_trace.csv`, `hip_api_trace.csv` (launch
 * calls), `agent_info.csv` (gfx and product names) and `kernel_stats.csv`
 * (aggregates, used only when no kernel trace is present). Columns are
 * mapped by header name.
 *
 * Output is per process (`<host>/<pid>_kernel_trace.csv`): a folder is one
 * run with one rank per process, numbered in pid order. Other rocprofv3
 * files (HSA/RCCL traces, allocation and scratch traces, other domains'
 * stats, counter collection) are recognised and skipped.
 *
 * @module
 */
import { basename, dirname } from "node:path";
import { InputError } from "../cli/errors.ts";
import { agentIndex, type GpuAgent, noteGpuAgents } from "./amd_agents.ts";
import {
  type ColumnRef,
  csvHeader,
  csvInt,
  csvRounded,
  type FieldRule,
  mapColumns,
  readCsvRecords,
} from "./csv.ts";
import { type DispatchCsv, loadDispatchCsvs } from "./dispatch_csv.ts";
import type { TraceFormat } from "./format.ts";
import { isLaunchApi } from "./launch_api.ts";
import type { InputFile } from "./source.ts";
import { parseStepName } from "./step_names.ts";
import type { RunWriter } from "./writer.ts";

/** The rocprofv3 output file names: `[<prefix>_]<domain>.csv[.gz]`. */
const OUTPUT_NAME =
  /(?:^|_)(agent_info|domain_stats|counter_collection|kernel_names|(?:kernel|memory_copy|memory_allocation|scratch_memory|(?:hip|hsa|marker|rccl|rocdecode|rocjpeg|ompt|kokkos)_api)_(?:trace|stats))\.csv(?:\.gz)?$/i;

/** Kernel trace columns, every spelling seen (matched case-insensitively). */
const KERNEL_RULES: readonly FieldRule[] = [
  { field: "name", names: ["Kernel_Name"], required: true },
  { field: "start_ns", names: ["Start_Timestamp"], required: true },
  { field: "end_ns", names: ["End_Timestamp"], required: true },
  { field: "device", names: ["Agent_Id"] },
  { field: "queue", names: ["Queue_Id"] },
  { field: "stream", names: ["Stream_Id"] },
  { field: "correlation_id", names: ["Correlation_Id"] },
  { field: "grid_x", names: ["Grid_Size_X"] },
  { field: "grid_y", names: ["Grid_Size_Y"] },
  { field: "grid_z", names: ["Grid_Size_Z"] },
  { field: "block_x", names: ["Workgroup_Size_X"] },
  { field: "block_y", names: ["Workgroup_Size_Y"] },
  { field: "block_z", names: ["Workgroup_Size_Z"] },
  { field: "vgpr", names: ["VGPR_Count", "Arch_VGPR_Count"] },
  { field: "sgpr", names: ["SGPR_Count"] },
  { field: "lds_bytes", names: ["LDS_Block_Size", "Group_Segment_Size"] },
  { field: "scratch_bytes", names: ["Scratch_Size", "Private_Segment_Size"] },
];

/** API trace columns (marker_api_trace.csv, hip_api_trace.csv and the rocpd variants). */
const API_RULES: readonly FieldRule[] = [
  { field: "domain", names: ["Domain"], required: true },
  { field: "name", names: ["Function"], required: true },
  { field: "start", names: ["Start_Timestamp"], required: true },
  { field: "end", names: ["End_Timestamp"], required: true },
  { field: "thread", names: ["Thread_Id"] },
  { field: "correlation", names: ["Correlation_Id"] },
];

const COPY_RULES: readonly FieldRule[] = [
  { field: "direction", names: ["Direction"], required: true },
  { field: "start", names: ["Start_Timestamp"], required: true },
  { field: "end", names: ["End_Timestamp"], required: true },
  { field: "src", names: ["Source_Agent_Id"] },
  { field: "dst", names: ["Destination_Agent_Id"] },
  { field: "stream", names: ["Stream_Id"] },
];

const STATS_RULES: readonly FieldRule[] = [
  { field: "name", names: ["Name"], required: true },
  { field: "calls", names: ["Calls"], required: true },
  { field: "total", names: ["TotalDurationNs"], required: true },
  { field: "min", names: ["MinNs"] },
  { field: "max", names: ["MaxNs"] },
];

const AGENT_RULES: readonly FieldRule[] = [
  { field: "name", names: ["Name"], required: true },
  { field: "type", names: ["Agent_Type"] },
  { field: "product", names: ["Product_Name", "Marketing_Name"] },
];

/** What a rocprofv3 CSV holds. */
type Content = "kernels" | "api" | "copies" | "agents" | "kernel_stats" | "skip";

/** One input file, classified. */
interface Classified {
  file: InputFile;
  header: string[];
  content: Content;
  /** Process key: the folder and the file name's prefix (the pid in `<pid>_kernel_trace.csv`). */
  process: string;
  /** Sort key of the process: folder, then numeric pid order. */
  order: [string, number, string];
}

function has(header: readonly string[], ...names: string[]): boolean {
  const set = new Set(header.map((h) => h.toLowerCase()));
  return names.every((n) => set.has(n.toLowerCase()));
}

/** What a file holds, by header and (to break ties, or when the header is unknown) by name. */
function contentOf(file: InputFile, header: readonly string[]): Content | null {
  const domain = OUTPUT_NAME.exec(basename(file.path))?.[1].toLowerCase() ?? null;
  if (has(header, "Counter_Name") || domain === "counter_collection" || domain === "kernel_names") {
    return "skip";
  }
  if (has(header, "Kernel_Name", "Start_Timestamp") || domain === "kernel_trace") return "kernels";
  if (has(header, "Domain", "Function", "Start_Timestamp")) { // HSA, RCCL, … API traces are not read
    return domain === null || domain === "marker_api_trace" || domain === "hip_api_trace"
      ? "api"
      : "skip";
  }
  if (has(header, "Direction", "Start_Timestamp") || domain === "memory_copy_trace") {
    return "copies";
  }
  if (has(header, "Logical_Node_Id") || has(header, "Agent_Type") || domain === "agent_info") {
    return "agents";
  }
  if (has(header, "Name", "Calls", "TotalDurationNs", "MinNs") || domain?.endsWith("_stats")) {
    return domain === null || domain === "kernel_stats" ? "kernel_stats" : "skip";
  }
  if (domain !== null) return "skip";
  return null;
}

function classify(file: InputFile): Classified {
  const header = csvHeader(file);
  const content = header ? contentOf(file, header) : null;
  if (!header || !content) throw new InputError(file.path, "expected a rocprofv3 CSV header");
  const name = basename(file.path);
  const m = OUTPUT_NAME.exec(name);
  const prefix = m ? name.slice(0, m.index) : name;
  const dir = dirname(file.path);
  const pid = /^\d+$/.test(prefix) ? Number(prefix) : Number.MAX_SAFE_INTEGER;
  return { file, header, content, process: `${dir}/${prefix}`, order: [dir, pid, prefix] };
}

function byProcess(a: Classified, b: Classified): number {
  const [da, pa, sa] = a.order, [db, pb, sb] = b.order;
  return da < db ? -1 : da > db ? 1 : pa - pb || (sa < sb ? -1 : sa > sb ? 1 : 0);
}

/** A process's kernel trace, read with its rank. */
function kernelCsv(c: Classified, writer: RunWriter): DispatchCsv {
  const rank = writer.rank(c.process);
  return {
    file: c.file,
    header: c.header,
    rules: KERNEL_RULES,
    what: "rocprofv3 kernel trace",
    rank: () => rank,
    device: (value, column, line) => agentIndex(value, c.file.path, column, line),
  };
}

function get(fields: (string | null)[], ref: ColumnRef | undefined): string | null {
  return ref ? fields[ref.index] : null;
}

function required(
  value: number | bigint | null,
  file: string,
  line: number,
  ref: ColumnRef,
): number | bigint {
  if (value === null) {
    throw new InputError(file, `expected a value in column ${ref.name}`, `line ${line}`);
  }
  return value;
}

async function loadApi(c: Classified, writer: RunWriter): Promise<void> {
  const path = c.file.path;
  const col = mapColumns(path, c.header, API_RULES, "rocprofv3 API trace");
  const rank = writer.rank(c.process);
  for await (const batch of readCsvRecords(c.file, c.header.length)) {
    for (const { fields: f, line } of batch) {
      const domain = get(f, col.domain) ?? "";
      const name = get(f, col.name) ?? "";
      const isMarker = domain.startsWith("MARKER_") && domain !== "MARKER_CONTROL_API" &&
        domain !== "MARKER_NAME_API";
      const isLaunch = domain.startsWith("HIP_") && isLaunchApi(name);
      if (!isMarker && !isLaunch) continue;
      const start = required(
        csvInt(get(f, col.start), path, line, col.start.name),
        path,
        line,
        col.start,
      );
      const end = required(csvInt(get(f, col.end), path, line, col.end.name), path, line, col.end);
      if (isMarker) {
        await writer.marker({
          rank,
          name,
          kind: "roctx",
          start_ns: start,
          end_ns: end,
          ...parseStepName(name),
        });
      } else {
        await writer.apiCall({
          rank,
          thread: csvInt(get(f, col.thread), path, line, col.thread?.name ?? ""),
          name,
          start_ns: start,
          end_ns: end,
          correlation_id: csvInt(get(f, col.correlation), path, line, col.correlation?.name ?? ""),
        });
      }
    }
  }
}

/** Canonical direction of a rocprofv3 copy direction (`MEMORY_COPY_HOST_TO_DEVICE` → HtoD). */
function copyDirection(direction: string): string | null {
  const m = /(HOST|DEVICE)_TO_(HOST|DEVICE)/.exec(direction.toUpperCase());
  return m ? `${m[1][0]}to${m[2][0]}` : null;
}

async function loadCopies(c: Classified, writer: RunWriter): Promise<void> {
  const path = c.file.path;
  const col = mapColumns(path, c.header, COPY_RULES, "rocprofv3 memory copy trace");
  const rank = writer.rank(c.process);
  for await (const batch of readCsvRecords(c.file, c.header.length)) {
    for (const { fields: f, line } of batch) {
      const name = get(f, col.direction) ?? "";
      const direction = copyDirection(name);
      const agent = direction === "HtoD"
        ? col.dst
        : direction === "DtoH" || direction === "DtoD"
        ? col.src
        : undefined;
      await writer.memoryOp({
        rank,
        device: agent ? agentIndex(get(f, agent), path, agent.name, line) : null,
        stream: csvInt(get(f, col.stream), path, line, col.stream?.name ?? ""),
        kind: "copy",
        direction,
        start_ns: required(
          csvInt(get(f, col.start), path, line, col.start.name),
          path,
          line,
          col.start,
        ),
        end_ns: required(csvInt(get(f, col.end), path, line, col.end.name), path, line, col.end),
        name,
      });
    }
  }
}

async function loadKernelStats(c: Classified, writer: RunWriter): Promise<void> {
  const path = c.file.path;
  const col = mapColumns(path, c.header, STATS_RULES, "rocprofv3 kernel stats");
  const rank = writer.rank(c.process);
  for await (const batch of readCsvRecords(c.file, c.header.length)) {
    for (const { fields: f, line } of batch) {
      await writer.kernelStat({
        rank,
        name: get(f, col.name) ?? "",
        calls: csvRounded(get(f, col.calls), path, line, col.calls.name) ?? 0,
        total_ns: csvRounded(get(f, col.total), path, line, col.total.name) ?? 0,
        min_ns: csvRounded(get(f, col.min), path, line, col.min?.name ?? ""),
        max_ns: csvRounded(get(f, col.max), path, line, col.max?.name ?? ""),
      });
    }
  }
}

async function readGpuAgents(c: Classified): Promise<GpuAgent[]> {
  const col = mapColumns(c.file.path, c.header, AGENT_RULES, "rocprofv3 agent info");
  const gpus: GpuAgent[] = [];
  for await (const batch of readCsvRecords(c.file, c.header.length)) {
    for (const { fields: f } of batch) {
      const name = get(f, col.name);
      const type = get(f, col.type);
      if (type === "GPU" || (type === null && /^gfx/i.test(name ?? ""))) {
        gpus.push({ name, product: get(f, col.product) });
      }
    }
  }
  return gpus;
}

async function ingest(files: InputFile[], writer: RunWriter): Promise<void> {
  const all = files.map(classify).sort(byProcess);
  const kernels = all.filter((c) => c.content === "kernels");
  for (const c of kernels) writer.rank(c.process); // ranks in pid order, processes with kernels first
  const gpus: GpuAgent[] = [];
  for (const c of all) if (c.content === "agents") gpus.push(...await readGpuAgents(c));
  noteGpuAgents(writer, gpus);
  await loadDispatchCsvs(kernels.map((c) => kernelCsv(c, writer)), writer);
  for (const c of all) {
    if (c.content === "api") await loadApi(c, writer);
    else if (c.content === "copies") await loadCopies(c, writer);
  }
  if (!kernels.length) {
    for (const c of all) if (c.content === "kernel_stats") await loadKernelStats(c, writer);
  }
  const n = writer.counts;
  if (!n.dispatches && !n.markers && !n.memory_ops && !n.kernel_stats) {
    throw new InputError(
      files.length === 1 ? files[0].path : dirname(files[0].path),
      "no kernel dispatches, roctx markers, memory copies or kernel stats found (capture with rocprofv3 --kernel-trace)",
    );
  }
}

/** The rocprofv3 CSV format module. */
export const rocprofv3Csv: TraceFormat = {
  id: "rocprofv3-csv",
  title:
    "rocprofv3 CSV output (kernel_trace.csv, marker_api_trace.csv, memory_copy_trace.csv, agent_info.csv, kernel_stats.csv)",
  sniff(file) {
    const header = csvHeader(file);
    return header !== null && header.length > 1 && contentOf(file, header) !== null;
  },
  ingest,
};
