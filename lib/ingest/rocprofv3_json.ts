/**
 * rocprofv3 JSON output (`rocprofv3 -f json`, `<pid>_results.json`):
 * `{"rocprofiler-sdk-tool": [process, …]}` where each process holds
 * `metadata.pid`, `agents[]` (gfx name, product name, logical node id),
 * `kernel_symbols[]` (names and register counts by kernel_id), `strings`
 * (buffer-record kind and operation names, roctx messages by correlation id)
 * and `buffer_records.{kernel_dispatch, marker_api, memory_copy, hip_api}[]`.
 *
 * The record arrays are streamed in batches; each process is one rank.
 * Dispatches name their kernel through `kernel_symbols` and their device
 * through `agents` (as the CSV's `Agent N`: the logical node id), so records
 * that arrive before those tables wait for the end of their process.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";
import { type GpuAgent, noteGpuAgents } from "./amd_agents.ts";
import type { TraceFormat } from "./format.ts";
import { scanPaths } from "./json_path_scanner.ts";
import { isLaunchApi } from "./launch_api.ts";
import { headText, type InputFile, openBytes } from "./source.ts";
import { parseStepName } from "./step_names.ts";
import type { RunWriter } from "./writer.ts";

const TOOL = "rocprofiler-sdk-tool";
const TOOL_KEY = /"rocprofiler-sdk-tool"\s*:/;

/** The record arrays read, by buffer_records key. */
const RECORDS = ["kernel_dispatch", "marker_api", "memory_copy", "hip_api"] as const;
type RecordKind = typeof RECORDS[number];

/** rocprofiler_memory_copy_operation_t, by value. */
const COPY_OPERATIONS = [
  "MEMORY_COPY_NONE",
  "MEMORY_COPY_HOST_TO_HOST",
  "MEMORY_COPY_HOST_TO_DEVICE",
  "MEMORY_COPY_DEVICE_TO_HOST",
  "MEMORY_COPY_DEVICE_TO_DEVICE",
]; // deno-fmt-ignore
const COPY_DIRECTIONS = [null, "HtoH", "HtoD", "DtoH", "DtoD"];

type Json = Record<string, unknown>;

/** What a dispatch takes from its kernel_symbols entry. */
interface KernelSymbol {
  name: string;
  vgpr: number | null;
  sgpr: number | null;
  lds: number | null;
}

/** What one process of the file has told so far. */
class ProcessState {
  pid: number | null = null;
  agents: Map<number, number | null> | null = null;
  symbols: Map<number, KernelSymbol> | null = null;
  kinds: { kind: string; operations: string[] }[] | null = null;
  markerNames = new Map<number, string>();
  pending: { kind: RecordKind; items: unknown[] }[] = [];
  constructor(readonly index: number) {}
}

function obj(v: unknown): Json {
  return v && typeof v === "object" && !Array.isArray(v) ? v as Json : {};
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function handle(v: unknown): number | null {
  return num(obj(v).handle) ?? num(v);
}

function dim(v: unknown): [number | null, number | null, number | null] {
  const d = obj(v);
  return [num(d.x), num(d.y), num(d.z)];
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/** Whether a record kind's tables have arrived. */
function ready(p: ProcessState, kind: RecordKind): boolean {
  switch (kind) {
    case "kernel_dispatch":
      return p.symbols !== null && p.agents !== null;
    case "memory_copy":
      return p.agents !== null;
    default:
      return p.kinds !== null;
  }
}

async function writeRecords(
  p: ProcessState,
  kind: RecordKind,
  items: unknown[],
  writer: RunWriter,
  file: string,
): Promise<void> {
  const rank = writer.rank(p.pid !== null ? `pid ${p.pid}` : `${file}#${p.index}`);
  const device = (v: unknown) => {
    const h = handle(v);
    return h === null ? null : p.agents?.get(h) ?? null;
  };
  const times = (r: Json): [number, number] => {
    const start = num(r.start_timestamp), end = num(r.end_timestamp);
    if (start === null || end === null) {
      throw new InputError(
        file,
        `a ${kind} record without start_timestamp/end_timestamp in process ${p.index}`,
      );
    }
    return [start, end];
  };
  for (const item of items) {
    const r = obj(item);
    if (kind === "kernel_dispatch") {
      const info = obj(r.dispatch_info);
      const kernelId = num(info.kernel_id);
      const sym = kernelId === null ? undefined : p.symbols?.get(kernelId);
      if (!sym) {
        throw new InputError(file, `dispatch of kernel_id ${kernelId} has no kernel_symbols entry`);
      }
      const [start, end] = times(r);
      const [gx, gy, gz] = dim(info.grid_size);
      const [bx, by, bz] = dim(info.workgroup_size);
      await writer.dispatch({
        rank,
        device: device(info.agent_id),
        queue: handle(info.queue_id),
        stream: handle(r.stream_id),
        name: sym.name,
        start_ns: start,
        end_ns: end,
        correlation_id: num(obj(r.correlation_id).internal),
        grid_x: gx,
        grid_y: gy,
        grid_z: gz,
        block_x: bx,
        block_y: by,
        block_z: bz,
        vgpr: sym.vgpr,
        sgpr: sym.sgpr,
        lds_bytes: num(info.group_segment_size) ?? sym.lds,
        scratch_bytes: num(info.private_segment_size),
      });
      continue;
    }
    const kindName = p.kinds?.[num(r.kind) ?? -1];
    const operation = num(r.operation) ?? -1;
    const opName = kindName?.operations?.[operation] ?? null;
    if (kind === "marker_api") {
      const domain = kindName?.kind ?? "";
      if (domain === "MARKER_CONTROL_API" || domain === "MARKER_NAME_API") continue;
      const name = p.markerNames.get(num(obj(r.correlation_id).internal) ?? -1) ?? opName ?? "";
      const [start, end] = times(r);
      await writer.marker({
        rank,
        name,
        kind: "roctx",
        start_ns: start,
        end_ns: end,
        ...parseStepName(name),
      });
    } else if (kind === "memory_copy") {
      const direction = COPY_DIRECTIONS[operation] ?? null;
      const [start, end] = times(r);
      await writer.memoryOp({
        rank,
        device: direction === "HtoD"
          ? device(r.dst_agent_id)
          : direction === "HtoH"
          ? null
          : device(r.src_agent_id),
        stream: handle(r.stream_id),
        kind: "copy",
        direction,
        bytes: num(r.bytes),
        start_ns: start,
        end_ns: end,
        name: opName ?? COPY_OPERATIONS[operation] ?? null,
      });
    } else if (opName && (kindName?.kind ?? "").startsWith("HIP_") && isLaunchApi(opName)) {
      const [start, end] = times(r);
      await writer.apiCall({
        rank,
        thread: num(r.thread_id),
        name: opName,
        start_ns: start,
        end_ns: end,
        correlation_id: num(obj(r.correlation_id).internal),
      });
    }
  }
}

function readAgents(p: ProcessState, value: unknown, gpus: GpuAgent[]) {
  p.agents = new Map();
  for (const a of Array.isArray(value) ? value : []) {
    const agent = obj(a);
    const id = handle(agent.id);
    if (id !== null) p.agents.set(id, num(agent.logical_node_id) ?? num(agent.node_id));
    const name = str(agent.name);
    if (
      agent.type === 2 || str(agent.type) === "GPU" ||
      (agent.type === undefined && /^gfx/.test(name ?? ""))
    ) {
      gpus.push({ name, product: str(agent.product_name) });
    }
  }
}

function readSymbols(p: ProcessState, value: unknown) {
  p.symbols = new Map();
  for (const s of Array.isArray(value) ? value : []) {
    const sym = obj(s);
    const id = num(sym.kernel_id);
    if (id === null) continue;
    p.symbols.set(id, {
      name: str(sym.formatted_kernel_name) ?? str(sym.demangled_kernel_name) ??
        str(sym.kernel_name) ?? "",
      vgpr: num(sym.arch_vgpr_count),
      sgpr: num(sym.sgpr_count),
      lds: num(sym.group_segment_size),
    });
  }
}

function readKinds(p: ProcessState, value: unknown) {
  p.kinds = (Array.isArray(value) ? value : []).map((k) => {
    const o = obj(k);
    return {
      kind: str(o.kind) ?? "",
      operations: Array.isArray(o.operations) ? o.operations.map(String) : [],
    };
  });
}

async function ingestFile(file: InputFile, writer: RunWriter, gpus: GpuAgent[]): Promise<void> {
  const processes = new Map<string, ProcessState>();
  const state = (path: readonly string[]) => {
    let p = processes.get(path[1]);
    if (!p) processes.set(path[1], p = new ProcessState(Number(path[1])));
    return p;
  };
  await scanPaths(openBytes(file.path, file.gzip), {
    onValue(path, value) {
      const p = state(path);
      const key = path.slice(2).join(".");
      if (key === "metadata") p.pid = num(obj(value).pid);
      else if (key === "agents") readAgents(p, value, gpus);
      else if (key === "kernel_symbols") readSymbols(p, value);
      else if (key === "strings.buffer_records") readKinds(p, value);
    },
    async onBatch(path, items) {
      const p = state(path);
      if (path[2] === "strings") {
        for (const m of items) {
          const e = obj(m);
          const id = num(e.key);
          if (id !== null && typeof e.value === "string") p.markerNames.set(id, e.value);
        }
        return;
      }
      const kind = path[3] as RecordKind;
      if (ready(p, kind)) await writeRecords(p, kind, items, writer, file.path);
      else p.pending.push({ kind, items });
    },
    async onClose(path) {
      if (path.length !== 2) return;
      const p = state(path);
      for (const { kind, items } of p.pending) {
        await writeRecords(p, kind, items, writer, file.path);
      }
      p.pending = [];
    },
  }, {
    file: file.path,
    values: [[TOOL, "*", "metadata"], [TOOL, "*", "agents"], [TOOL, "*", "kernel_symbols"], [
      TOOL,
      "*",
      "strings",
      "buffer_records",
    ]],
    streams: [
      [TOOL, "*", "strings", "marker_api"],
      ...RECORDS.map((r) => [TOOL, "*", "buffer_records", r]),
    ],
  });
  if (!processes.size) {
    throw new InputError(file.path, `expected a '${TOOL}' array of processes (rocprofv3 JSON)`);
  }
}

/** The rocprofv3 JSON format module. */
export const rocprofv3Json: TraceFormat = {
  id: "rocprofv3-json",
  title: "rocprofv3 JSON output (rocprofv3 -f json, results.json)",
  sniff(file) {
    const t = headText(file).trimStart();
    return t.startsWith("{") && TOOL_KEY.test(t);
  },
  async ingest(files, writer) {
    const gpus: GpuAgent[] = [];
    for (const f of files) await ingestFile(f, writer, gpus);
    noteGpuAgents(writer, gpus);
    const n = writer.counts;
    if (!n.dispatches && !n.markers && !n.memory_ops) {
      throw new InputError(
        files[0].path,
        "no kernel dispatches, roctx markers or memory copies found (capture with rocprofv3 --kernel-trace)",
      );
    }
  },
};
