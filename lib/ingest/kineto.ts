/**
 * PyTorch profiler / Kineto Chrome-trace JSON (`.json`, `.json.gz`,
 * `.pt.trace.json.gz`) from vLLM, SGLang, ATOM or plain torch.profiler:
 * kernels, memcpy/memset, runtime launches, step markers and device
 * properties. One file is one rank; a folder of per-rank files is one run.
 *
 * @module
 */
import { archFromKineto, type KinetoDeviceProps } from "../arch/devices.ts";
import { InputError } from "../cli/errors.ts";
import type { TraceFormat } from "./format.ts";
import { scanTopLevel } from "./json_scanner.ts";
import { headText, type InputFile, openBytes } from "./source.ts";
import { parseStepName } from "./step_names.ts";
import { isLaunchApi } from "./launch_api.ts";
import type { DispatchRow, RunWriter } from "./writer.ts";

interface KEvent {
  ph?: string;
  cat?: string;
  name?: string;
  pid?: number | string;
  tid?: number | string;
  ts?: number;
  dur?: number;
  args?: Record<string, unknown>;
}

function ns(us: number): number {
  return Math.round(us * 1000);
}

function intOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** Component `i` of a `[x, y, z]` grid or block size, or null. */
function dim(v: unknown, i: number): number | null {
  return Array.isArray(v) ? intOrNull(v[i]) : null;
}

/** Stands in for a missing `args` (shared: never written). */
const NO_ARGS: Readonly<Record<string, unknown>> = Object.freeze({});

/** The category lower-cased (Kineto writes them lower-case already). */
function category(cat: unknown): string {
  if (typeof cat !== "string") return "";
  return cat === "kernel" ? cat : cat.toLowerCase();
}

function copyDirection(name: string, kind: unknown): string | null {
  const s = typeof kind === "string" ? kind : name;
  const m = /\b([HDP])to([HDP])\b/.exec(s) ?? /\b([HDP])2([HDP])\b/.exec(s);
  if (m) return `${m[1]}to${m[2]}`;
  if (/peer/i.test(s)) return "PtoP";
  return null;
}

/**
 * Framework hints from paths and annotation names. SGLang and ATOM reuse
 * vLLM pieces (SGLang traces carry vLLM-style `execute_*` annotations too),
 * so a later, more specific hint replaces `vllm`.
 */
const FRAMEWORK_PRIORITY: Record<string, number> = { vllm: 1, atom: 2, sglang: 3 };

function frameworkHint(name: string): string | null {
  if (/\/vllm\/|^execute_\d*_?context_|vllm::/.test(name)) return "vllm";
  if (/\/sglang\/|^step\[(DECODE|EXTEND|MIXED)/.test(name)) return "sglang";
  if (/\/atom\/|^(decode|prefill)\[/.test(name)) return "atom";
  return null;
}

/** Bytes per read of an uncompressed trace. */
const READ_BYTES = 4 * 1024 * 1024;

/** Bytes of the first read: the head and one batch, so that parsing starts early. */
const FIRST_READ_BYTES = 2 * 1024 * 1024;

/** Fill `buf` from the file (short only at the end); the number of bytes read. */
async function fill(f: Deno.FsFile, buf: Uint8Array): Promise<number> {
  let got = 0;
  while (got < buf.length) {
    const n = await f.read(buf.subarray(got));
    if (n === null) break;
    got += n;
  }
  return got;
}

/**
 * The file's bytes: gzip'd files through the shared decompressing stream,
 * plain ones in large reads straight from the file (a stream of 64 KiB
 * pieces costs more than the parsing of them). A plain file is read one piece
 * ahead into two buffers used in turn, so the read overlaps the parsing of the
 * piece before: a piece is valid only until the next one is asked for (the
 * scanner copies it).
 */
async function* traceBytes(file: InputFile): AsyncGenerator<Uint8Array> {
  if (file.gzip) {
    yield* openBytes(file.path, true);
    return;
  }
  const f = await Deno.open(file.path);
  const buffers = [new Uint8Array(READ_BYTES), new Uint8Array(READ_BYTES)];
  let next: Promise<number> | null = fill(f, buffers[0].subarray(0, FIRST_READ_BYTES));
  let asked = FIRST_READ_BYTES;
  try {
    for (let turn = 0;; turn ^= 1) {
      const got: number = await next!;
      next = got < asked ? null : fill(f, buffers[turn ^ 1]);
      asked = READ_BYTES;
      if (got > 0) yield buffers[turn].subarray(0, got);
      if (!next) return;
    }
  } finally {
    // a consumer that stops early leaves a read in flight: let it end before closing
    await next?.catch(() => {});
    f.close();
  }
}

async function ingestFile(file: InputFile, writer: RunWriter): Promise<void> {
  const rank = writer.rank(file.path);
  let sawEvents = false;
  const noteFramework = (name: string) => {
    const fw = frameworkHint(name);
    const current = writer.facts.framework;
    if (fw && (!current || (FRAMEWORK_PRIORITY[fw] ?? 0) > (FRAMEWORK_PRIORITY[current] ?? 0))) {
      writer.facts.framework = fw;
    }
  };
  /** The row of every kernel, refilled per event (the writer copies what it is given). */
  const kernel: DispatchRow = {
    rank,
    device: null,
    stream: null,
    queue: null,
    name: "",
    start_ns: 0,
    end_ns: 0,
    correlation_id: null,
    grid_x: null,
    grid_y: null,
    grid_z: null,
    block_x: null,
    block_y: null,
    block_z: null,
    vgpr: null,
    lds_bytes: null,
  };
  /** Hand one event to the writer; a promise only while the writer flushes. */
  const onEvent = (e: KEvent): Promise<void> | void => {
    if (e.ph !== "X" || typeof e.ts !== "number") return;
    const cat = category(e.cat);
    const name = typeof e.name === "string" ? e.name : "";
    const start = ns(e.ts);
    const end = ns(e.ts + (typeof e.dur === "number" ? e.dur : 0));
    const args = e.args ?? NO_ARGS;
    switch (cat) {
      case "kernel": {
        const grid = args.grid, block = args.block;
        kernel.device = intOrNull(args.device) ?? intOrNull(e.pid);
        kernel.stream = intOrNull(args.stream) ?? intOrNull(e.tid);
        kernel.queue = intOrNull(args.queue);
        kernel.name = name;
        kernel.start_ns = start;
        kernel.end_ns = end;
        kernel.correlation_id = intOrNull(args.correlation);
        kernel.grid_x = dim(grid, 0);
        kernel.grid_y = dim(grid, 1);
        kernel.grid_z = dim(grid, 2);
        kernel.block_x = dim(block, 0);
        kernel.block_y = dim(block, 1);
        kernel.block_z = dim(block, 2);
        kernel.vgpr = intOrNull(args["registers per thread"]);
        kernel.lds_bytes = intOrNull(args["shared memory"]);
        return writer.dispatch(kernel);
      }
      case "gpu_memcpy":
      case "gpu_memset":
        return writer.memoryOp({
          rank,
          device: intOrNull(args.device) ?? intOrNull(e.pid),
          stream: intOrNull(args.stream) ?? intOrNull(e.tid),
          kind: cat === "gpu_memcpy" ? "copy" : "memset",
          direction: cat === "gpu_memcpy" ? copyDirection(name, args.kind) : null,
          bytes: intOrNull(args.bytes),
          start_ns: start,
          end_ns: end,
          name,
        });
      case "cuda_runtime":
      case "cuda_driver":
        if (isLaunchApi(name)) {
          return writer.apiCall({
            rank,
            thread: intOrNull(e.tid),
            name,
            start_ns: start,
            end_ns: end,
            correlation_id: intOrNull(args.correlation),
          });
        }
        return;
      case "python_function":
        if (writer.facts.framework !== "sglang") noteFramework(name);
        return;
    }
    if (name.startsWith("ProfilerStep#")) {
      return writer.marker({
        rank,
        name,
        kind: "profiler_step",
        start_ns: start,
        end_ns: end,
        ...parseStepName(name),
      });
    }
    if (cat === "user_annotation" || cat === "gpu_user_annotation") {
      noteFramework(name);
      const gpu = cat === "gpu_user_annotation";
      return writer.marker({
        rank,
        device: gpu ? intOrNull(args.device) ?? intOrNull(e.pid) : null,
        name,
        kind: gpu ? "gpu_annotation" : "annotation",
        start_ns: start,
        end_ns: end,
        ...parseStepName(name),
      });
    }
  };

  await scanTopLevel(traceBytes(file), {
    onBatch: async (_key, items) => {
      sawEvents = true;
      for (const e of items) {
        if (e && typeof e === "object") {
          const flushing = onEvent(e as KEvent);
          if (flushing) await flushing;
        }
      }
    },
    onValue: (key, value) => {
      if (key === "deviceProperties" && Array.isArray(value) && value.length) {
        const props = value as KinetoDeviceProps[];
        const named = props.find((p) => p.name) ?? props[0];
        const { arch, model } = archFromKineto(named);
        writer.facts.device_name ??= named.name || model || null;
        writer.facts.arch ??= arch;
      } else if (key === "distributedInfo" && value && typeof value === "object") {
        const d = value as { rank?: number; world_size?: number };
        if (typeof d.world_size === "number") writer.meta.world_size ??= String(d.world_size);
      } else if (key === "metadata" && value && typeof value === "object") {
        const m = value as Record<string, unknown>;
        for (const k of ["base_image", "model", "experiment"]) {
          if (typeof m[k] === "string") writer.meta[k] ??= m[k] as string;
        }
      }
    },
  }, { arrayKeys: new Set(["traceEvents"]), file: file.path });
  if (!sawEvents) {
    throw new InputError(file.path, "expected a 'traceEvents' array (Kineto / Chrome trace JSON)");
  }
}

/** The Kineto / PyTorch profiler format module. */
export const kineto: TraceFormat = {
  id: "kineto",
  title: "PyTorch profiler / Kineto Chrome-trace JSON (.json, .json.gz, .pt.trace.json.gz)",
  sniff(file) {
    const t = headText(file).trimStart();
    if (!t.startsWith("{") && !t.startsWith("[")) return false;
    return /"traceEvents"\s*:/.test(t) ||
      (/"ph"\s*:\s*"X"/.test(t) && /"ts"\s*:/.test(t)) ||
      (/"schemaVersion"\s*:/.test(t) && /"deviceProperties"\s*:/.test(t));
  },
  async ingest(files, writer) {
    for (const f of files) await ingestFile(f, writer);
  },
};
