/**
 * RPD (rocmProfileData SQLite, `runTracer.sh` / `rpdTracerControl`), schema
 * versions 1, 2 and 3, plain or gzip'd: GPU ops (direct `KernelExecution`
 * launches and graph-replayed `Task` ops), copies and fills, roctx
 * `UserMarker` ranges and the launch API calls. One rank per GPU (`gpuId`,
 * the device as the tracer numbers it); one file may hold several GPUs.
 *
 * Schema differences handled: v1 keys kernel and copy details on the op
 * (`rocpd_kernelop`, `rocpd_copyop`), v2/v3 on the launching API call
 * (`rocpd_kernelapi`, `rocpd_copyapi`, linked through `rocpd_api_ops`); v3
 * keeps API args (UserMarker labels) in `rocpd_ustring`.
 *
 * @module
 */
import { deviceModel } from "../arch/devices.ts";
import type { TraceFormat } from "./format.ts";
import { isLaunchApi } from "./launch_api.ts";
import type { InputFile } from "./source.ts";
import { int64, num, sqliteFormat, sqliteTableNames, SqliteTrace, text } from "./sqlite.ts";
import { parseStepName } from "./step_names.ts";
import type { RunWriter } from "./writer.ts";

const OP_COLUMNS = ["id", "gpuId", "queueId", "start", "end", "description_id", "opType_id"];
const STRING_COLUMNS = ["id", "string"];
const API_COLUMNS = ["id", "pid", "tid", "start", "end", "apiName_id", "args_id"];
const API_OPS_COLUMNS = ["api_id", "op_id"];
const LAUNCH_GEOMETRY = [
  "gridX",
  "gridY",
  "gridZ",
  "workgroupX",
  "workgroupY",
  "workgroupZ",
  "groupSegmentSize",
  "privateSegmentSize",
  "kernelName_id",
];

/** Each op's launching API call, in a temp table keyed on the op (RPD files carry no index for it). */
const OP_API = "temp.tracedeck_op_api";
const OP_API_DDL = `CREATE TEMP TABLE tracedeck_op_api (op_id INTEGER PRIMARY KEY, api_id INTEGER);
  INSERT OR IGNORE INTO ${OP_API} SELECT op_id, api_id FROM rocpd_api_ops ORDER BY op_id, api_id`;

/** Strings by id (rocpd_string), cached. */
type Lookup = (id: unknown) => string | null;

/** The op types RPD records, by what they become. */
interface OpTypes {
  /** Direct kernel launches (`KernelExecution`). */
  kernels: number[];
  /** Graph-replayed work (`Task`): kernels when they carry a name. */
  tasks: number[];
  /** Copies (`CopyHostToDevice` …) and fills (`FillBuffer`), with their names. */
  memory: Map<number, string>;
}

/** How a file of this schema links kernel and copy details to its ops. */
interface Layout {
  version: number;
  /** Joins kernel launch details as `k` (and code objects as `c`) to op `o` and its API `x`. */
  kernelJoin: string;
  /**
   * Kernel detail expressions, in this order: stream, grid x/y/z, workgroup
   * x/y/z, LDS, scratch, kernel name id, VGPRs, SGPRs.
   */
  kernelCols: string[];
  /** Joins copy details as `c` to op `o` and its API `x` (empty when the file has none). */
  copyJoin: string;
  /** The table holding API args (UserMarker labels). */
  argsTable: string;
}

/** A stream handle as RPD prints it (`0x7f..`) or a number, as an integer. */
function streamId(v: unknown): number | bigint | null {
  if (typeof v === "number") return v;
  if (typeof v !== "string" || v === "") return null;
  if (/^0x[0-9a-f]+$/i.test(v)) {
    const b = BigInt(v);
    return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
  return /^\d+$/.test(v) ? Number(v) : null;
}

/** `CopyHostToDevice` → `HtoD`; null when the op type names no direction. */
function copyDirection(opType: string): string | null {
  const m = /^Copy(Host|Device|Peer)To(Host|Device|Peer)/.exec(opType);
  return m ? `${m[1][0]}to${m[2][0]}` : null;
}

function schemaVersion(db: SqliteTrace): number {
  if (db.has("rocpd_metadata")) {
    db.require("rocpd_metadata", ["tag", "value"]);
    const v = num(db.first("SELECT value FROM rocpd_metadata WHERE tag = 'schema_version'")?.value);
    if (v !== null) return v;
  }
  if (db.has("rocpd_kernelop")) return 1;
  return db.has("rocpd_ustring") ? 3 : 2;
}

/** Work out the schema layout, requiring the columns it reads. */
function layout(db: SqliteTrace): Layout {
  db.require("rocpd_op", OP_COLUMNS);
  db.require("rocpd_string", STRING_COLUMNS);
  db.require("rocpd_api", API_COLUMNS);
  db.require("rocpd_api_ops", API_OPS_COLUMNS);
  const version = schemaVersion(db);
  const geometry = LAUNCH_GEOMETRY.map((c) => `k.${c}`);
  let kernelJoin = "";
  let kernelCols = ["NULL", ...LAUNCH_GEOMETRY.map(() => "NULL")];
  let detail: string | null = null;
  if (db.has("rocpd_kernelop")) {
    detail = "rocpd_kernelop";
    db.require(detail, ["op_ptr_id", ...LAUNCH_GEOMETRY]);
    kernelJoin = "LEFT JOIN rocpd_kernelop k ON k.op_ptr_id = o.id";
    kernelCols = ["NULL", ...geometry];
  } else if (db.has("rocpd_kernelapi")) {
    detail = "rocpd_kernelapi";
    db.require(detail, ["api_ptr_id", "stream", ...LAUNCH_GEOMETRY]);
    kernelJoin = "LEFT JOIN rocpd_kernelapi k ON k.api_ptr_id = x.api_id";
    kernelCols = ["k.stream", ...geometry];
  }
  if (detail && db.hasColumn(detail, "codeObject_id") && db.has("rocpd_kernelcodeobject")) {
    db.require("rocpd_kernelcodeobject", ["id", "vgpr", "sgpr"]);
    kernelJoin += " LEFT JOIN rocpd_kernelcodeobject c ON c.id = k.codeObject_id";
    kernelCols.push("c.vgpr", "c.sgpr");
  } else {
    kernelCols.push("NULL", "NULL");
  }
  let copyJoin = "";
  if (db.has("rocpd_copyop")) {
    db.require("rocpd_copyop", ["op_ptr_id", "size"]);
    copyJoin = "LEFT JOIN rocpd_copyop c ON c.op_ptr_id = o.id";
  } else if (db.has("rocpd_copyapi")) {
    db.require("rocpd_copyapi", ["api_ptr_id", "size"]);
    copyJoin = "LEFT JOIN rocpd_copyapi c ON c.api_ptr_id = x.api_id";
  }
  const apiSql = text(db.first("SELECT sql FROM sqlite_master WHERE name = 'rocpd_api'")?.sql) ??
    "";
  const argsTable = db.has("rocpd_ustring") && /rocpd_ustring/i.test(apiSql)
    ? "rocpd_ustring"
    : "rocpd_string";
  if (argsTable === "rocpd_ustring") db.require("rocpd_ustring", STRING_COLUMNS);
  return { version, kernelJoin, kernelCols, copyJoin, argsTable };
}

function opTypes(db: SqliteTrace, str: Lookup): OpTypes {
  const types: OpTypes = { kernels: [], tasks: [], memory: new Map() };
  for (const r of db.rows("SELECT DISTINCT opType_id AS id FROM rocpd_op")) {
    const id = num(r.id);
    const name = str(id);
    if (id === null || name === null) continue;
    if (name === "KernelExecution") types.kernels.push(id);
    else if (name === "Task") types.tasks.push(id);
    else if (/^Copy|^Fill|Memset/i.test(name)) types.memory.set(id, name);
  }
  return types;
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}

async function ingestFile(file: InputFile, writer: RunWriter): Promise<void> {
  const db = await SqliteTrace.open(file);
  try {
    const shape = layout(db);
    writer.meta.rpd_schema_version ??= String(shape.version);
    deviceFromMetadata(db, writer);
    db.exec(OP_API_DDL);
    const str = db.stringLookup("SELECT string FROM rocpd_string WHERE id = ?");
    const types = opTypes(db, str);
    const gpuTypes = [...types.kernels, ...types.tasks, ...types.memory.keys()];
    const gpus = gpuTypes.length
      ? [...db.rows(
        `SELECT DISTINCT gpuId AS gpu FROM rocpd_op WHERE opType_id IN (${
          placeholders(gpuTypes.length)
        }) ORDER BY gpuId`,
        gpuTypes,
      )].map((r) => num(r.gpu)!)
      : [];
    const rankOfGpu = new Map(gpus.map((g) => [g, writer.rank(`gpu${g}`)]));
    await ingestKernels(db, shape, types, str, rankOfGpu, writer);
    await ingestMemoryOps(db, shape, types, rankOfGpu, writer);
    await ingestHostRows(db, shape, str, hostRanks(db, gpus, rankOfGpu, writer), writer);
  } finally {
    db.close();
  }
}

const DEVICE_TAG = /device|gpu|arch|agent|product/i;

/**
 * Device name and arch from metadata rows whose tag is about the device and
 * whose value names a known GPU or a gfx target (RPD rarely stores them).
 */
function deviceFromMetadata(db: SqliteTrace, writer: RunWriter): void {
  if (!db.has("rocpd_metadata")) return;
  for (const r of db.rows("SELECT tag, value FROM rocpd_metadata")) {
    if (!DEVICE_TAG.test(text(r.tag) ?? "")) continue;
    const value = text(r.value) ?? "";
    const model = deviceModel(value);
    if (model) {
      writer.facts.device_name ??= value;
      writer.facts.arch ??= model.arch;
    } else if (/^gfx[0-9a-f]+$/i.test(value)) {
      writer.facts.arch ??= value.toLowerCase();
    }
  }
}

/**
 * Kernel dispatches: `KernelExecution` ops with their launch details, then
 * graph-replayed `Task` ops (no launch details; those without a name are not
 * kernels).
 */
async function ingestKernels(
  db: SqliteTrace,
  shape: Layout,
  types: OpTypes,
  str: Lookup,
  rankOfGpu: Map<number, number>,
  writer: RunWriter,
): Promise<void> {
  const passes: [number[], boolean][] = [[types.kernels, false], [types.tasks, true]];
  for (const [ids, replay] of passes) {
    if (!ids.length) continue;
    const rows = db.chunked({
      columns: [
        "o.gpuId",
        "o.queueId",
        "CAST(o.start AS TEXT)",
        'CAST(o."end" AS TEXT)',
        "o.description_id",
        "o.opType_id",
        "CAST(x.api_id AS TEXT)",
        ...(replay ? [] : shape.kernelCols),
      ],
      from: `rocpd_op o LEFT JOIN ${OP_API} x ON x.op_id = o.id ${replay ? "" : shape.kernelJoin}`,
      where: `o.opType_id IN (${placeholders(ids.length)})`,
      key: "o.rowid",
    }, ids);
    for (const row of rows) {
      const [gpuId, queue, start, stop, descriptionId, typeId, apiId] = row;
      const [stream, gx, gy, gz, bx, by, bz, lds, scratch, kernelNameId, vgpr, sgpr] = row.slice(7);
      const name = str(descriptionId) || str(kernelNameId) || (replay ? null : str(typeId));
      if (!name) continue;
      const gpu = num(gpuId)!;
      await writer.dispatch({
        rank: rankOfGpu.get(gpu)!,
        device: gpu,
        queue: num(queue),
        stream: streamId(stream),
        name,
        start_ns: int64(start)!,
        end_ns: int64(stop)!,
        correlation_id: int64(apiId),
        grid_x: num(gx),
        grid_y: num(gy),
        grid_z: num(gz),
        block_x: num(bx),
        block_y: num(by),
        block_z: num(bz),
        vgpr: num(vgpr),
        sgpr: num(sgpr),
        lds_bytes: num(lds),
        scratch_bytes: num(scratch),
        graph_replay: replay,
      });
    }
  }
}

/** Copies (with their direction and size) and fills. */
async function ingestMemoryOps(
  db: SqliteTrace,
  shape: Layout,
  types: OpTypes,
  rankOfGpu: Map<number, number>,
  writer: RunWriter,
): Promise<void> {
  const ids = [...types.memory.keys()];
  if (!ids.length) return;
  const rows = db.chunked({
    columns: [
      "o.gpuId",
      "o.queueId",
      "CAST(o.start AS TEXT)",
      'CAST(o."end" AS TEXT)',
      "o.opType_id",
      shape.copyJoin ? "c.size" : "NULL",
    ],
    from: `rocpd_op o LEFT JOIN ${OP_API} x ON x.op_id = o.id ${shape.copyJoin}`,
    where: `o.opType_id IN (${placeholders(ids.length)})`,
    key: "o.rowid",
  }, ids);
  for (const [gpuId, queue, start, stop, typeId, bytes] of rows) {
    const name = types.memory.get(num(typeId)!)!;
    const gpu = num(gpuId)!;
    const copy = name.startsWith("Copy");
    await writer.memoryOp({
      rank: rankOfGpu.get(gpu)!,
      device: gpu,
      stream: num(queue),
      kind: copy ? "copy" : "memset",
      direction: copy ? copyDirection(name) : null,
      bytes: num(bytes),
      start_ns: int64(start)!,
      end_ns: int64(stop)!,
      name,
    });
  }
}

/**
 * The rank for host rows (markers, API calls) of a process: the GPU its
 * launches went to most (the only GPU when the file has one).
 */
function hostRanks(
  db: SqliteTrace,
  gpus: number[],
  rankOfGpu: Map<number, number>,
  writer: RunWriter,
): (pid: number) => number {
  if (gpus.length === 1) {
    const only = rankOfGpu.get(gpus[0])!;
    return () => only;
  }
  const byPid = new Map<number, number>();
  if (gpus.length > 1) {
    const sql = `SELECT a.pid AS pid, o.gpuId AS gpu, count(*) AS n
      FROM ${OP_API} x JOIN rocpd_api a ON a.id = x.api_id JOIN rocpd_op o ON o.id = x.op_id
      GROUP BY a.pid, o.gpuId ORDER BY n DESC`;
    for (const r of db.rows(sql)) {
      const pid = num(r.pid)!;
      if (!byPid.has(pid)) byPid.set(pid, rankOfGpu.get(num(r.gpu)!)!);
    }
  }
  return (pid) =>
    byPid.get(pid) ?? (gpus.length ? rankOfGpu.get(gpus[0])! : writer.rank(`pid${pid}`));
}

/** UserMarker ranges (roctx) and the API calls that launch work. */
async function ingestHostRows(
  db: SqliteTrace,
  shape: Layout,
  str: Lookup,
  rankOfPid: (pid: number) => number,
  writer: RunWriter,
): Promise<void> {
  const markerIds: number[] = [];
  const launchIds: number[] = [];
  for (const r of db.rows("SELECT DISTINCT apiName_id AS id FROM rocpd_api")) {
    const id = num(r.id)!;
    const name = str(id) ?? "";
    if (name === "UserMarker") markerIds.push(id);
    else if (isLaunchApi(name)) launchIds.push(id);
  }
  if (markerIds.length) {
    const rows = db.chunked({
      columns: ["a.pid", "CAST(a.start AS TEXT)", 'CAST(a."end" AS TEXT)', "s.string"],
      from: `rocpd_api a JOIN ${shape.argsTable} s ON s.id = a.args_id`,
      where: `a.apiName_id IN (${placeholders(markerIds.length)})`,
      key: "a.rowid",
    }, markerIds);
    for (const [pid, start, stop, label] of rows) {
      const name = text(label as string) ?? "";
      await writer.marker({
        rank: rankOfPid(num(pid)!),
        name,
        kind: "roctx",
        start_ns: int64(start)!,
        end_ns: int64(stop)!,
        ...parseStepName(name),
      });
    }
  }
  if (launchIds.length) {
    const rows = db.chunked({
      columns: [
        "CAST(a.id AS TEXT)",
        "a.pid",
        "a.tid",
        "CAST(a.start AS TEXT)",
        'CAST(a."end" AS TEXT)',
        "a.apiName_id",
      ],
      from: "rocpd_api a",
      where: `a.apiName_id IN (${placeholders(launchIds.length)})`,
      key: "a.rowid",
    }, launchIds);
    for (const [id, pid, tid, start, stop, nameId] of rows) {
      await writer.apiCall({
        rank: rankOfPid(num(pid)!),
        thread: num(tid),
        name: str(nameId)!,
        start_ns: int64(start)!,
        end_ns: int64(stop)!,
        correlation_id: int64(id),
      });
    }
  }
}

/** Whether a SQLite file's tables are RPD's (ops and APIs, and not rocpd's). */
function isRpd(file: InputFile): boolean {
  const t = sqliteTableNames(file);
  return t.has("rocpd_op") && t.has("rocpd_api") && !t.has("rocpd_kernel_dispatch");
}

/** The RPD (rocmProfileData) format module. */
export const rpd: TraceFormat = sqliteFormat({
  id: "rpd",
  title: "RPD rocmProfileData SQLite, schema v1/v2/v3 (.rpd, .rpd.gz)",
  sniff: isRpd,
  ingestFile,
  expected: "GPU ops or UserMarker ranges in rocpd_op / rocpd_api",
});
