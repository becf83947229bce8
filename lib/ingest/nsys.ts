/**
 * Nsight Systems SQLite export (`nsys export --type sqlite`, plain or
 * gzip'd): CUDA kernels (`CUPTI_ACTIVITY_KIND_KERNEL`, names as ids into
 * `StringIds`), memcpy and memset activity, NVTX ranges and marks, CUDA
 * runtime launch calls, and the GPU model (`TARGET_INFO_GPU`). One rank per
 * CUDA device; host rows (NVTX, runtime) go to the device their process
 * launched most kernels on.
 *
 * @module
 */
import { deviceModel } from "../arch/devices.ts";
import { InputError } from "../cli/errors.ts";
import type { TraceFormat } from "./format.ts";
import { isLaunchApi } from "./launch_api.ts";
import type { InputFile } from "./source.ts";
import { int64, num, sqliteFormat, sqliteTableNames, SqliteTrace, text } from "./sqlite.ts";
import { parseStepName } from "./step_names.ts";
import type { RunWriter } from "./writer.ts";

const KERNEL = "CUPTI_ACTIVITY_KIND_KERNEL";
const MEMCPY = "CUPTI_ACTIVITY_KIND_MEMCPY";
const MEMSET = "CUPTI_ACTIVITY_KIND_MEMSET";
const RUNTIME = "CUPTI_ACTIVITY_KIND_RUNTIME";
const NVTX = "NVTX_EVENTS";
const NAME_COLUMNS = ["demangledName", "shortName", "mangledName"];

/** NVTX event types that are user ranges or marks (mark, push/pop range, start/end range). */
const NVTX_USER_EVENTS = [34, 59, 60];

/** CUPTI memcpy kinds by number; arrays count as device memory. */
const COPY_KIND: Record<number, string> = {
  1: "HtoD",
  2: "DtoH",
  3: "HtoD",
  4: "DtoH",
  5: "DtoD",
  6: "DtoD",
  7: "DtoD",
  8: "DtoD",
  9: "HtoH",
  10: "PtoP",
};

/** The process id in a serialized Nsight global thread/process id. */
const PID_OF = (column: string) => `((${column} >> 24) & 16777215)`;
/** The thread id in a serialized Nsight global thread id. */
const TID_OF = (column: string) => `(${column} & 16777215)`;

/** Strings by id (StringIds), cached; text cells pass through. */
type Lookup = (id: unknown) => string | null;

/** `alias.column` when the table has it, else NULL. */
function col(db: SqliteTrace, table: string, alias: string, column: string): string {
  return db.hasColumn(table, column) ? `${alias}.${column}` : "NULL";
}

/** The GPU model and arch from TARGET_INFO_GPU (name, compute capability when exported). */
function deviceFacts(db: SqliteTrace, writer: RunWriter): void {
  if (!db.has("TARGET_INFO_GPU")) return;
  db.require("TARGET_INFO_GPU", ["name"]);
  const major = ["computeMajor", "computeCapabilityMajor"].find((c) =>
    db.hasColumn("TARGET_INFO_GPU", c)
  );
  const minor = ["computeMinor", "computeCapabilityMinor"].find((c) =>
    db.hasColumn("TARGET_INFO_GPU", c)
  );
  const order = db.hasColumn("TARGET_INFO_GPU", "id") ? "ORDER BY id" : "";
  const r = db.first(
    `SELECT name, ${major ?? "NULL"} AS major, ${
      minor ?? "NULL"
    } AS minor FROM TARGET_INFO_GPU ${order} LIMIT 1`,
  );
  if (!r) return;
  const name = text(r.name);
  const cc = num(r.major) !== null ? `sm${num(r.major)}${num(r.minor) ?? 0}` : null;
  writer.facts.device_name ??= name;
  writer.facts.arch ??= deviceModel(name)?.arch ?? cc;
}

async function ingestKernels(
  db: SqliteTrace,
  str: Lookup,
  rankOf: (device: number) => number,
  writer: RunWriter,
) {
  db.require(KERNEL, ["start", "end", "deviceId", "streamId", "correlationId"]);
  const names = NAME_COLUMNS.filter((c) => db.hasColumn(KERNEL, c));
  if (!names.length) {
    throw new InputError(
      db.file,
      `table '${KERNEL}' has no kernel name: found columns ${
        db.columns(KERNEL).join(", ")
      }; needed one of ${NAME_COLUMNS.join(", ")}`,
    );
  }
  const k = (c: string) => col(db, KERNEL, "k", c);
  const shared = ["staticSharedMemory", "dynamicSharedMemory"].filter((c) =>
    db.hasColumn(KERNEL, c)
  );
  const graph = db.hasColumn(KERNEL, "graphNodeId") ? "coalesce(k.graphNodeId, 0) <> 0" : "NULL";
  const rows = db.chunked({
    columns: [
      "k.deviceId",
      k("contextId"),
      "k.streamId",
      "CAST(k.start AS TEXT)",
      'CAST(k."end" AS TEXT)',
      "CAST(k.correlationId AS TEXT)",
      ...names.map((c) => `k.${c}`),
      k("gridX"),
      k("gridY"),
      k("gridZ"),
      k("blockX"),
      k("blockY"),
      k("blockZ"),
      k("registersPerThread"),
      shared.length ? shared.map((c) => `coalesce(k.${c}, 0)`).join(" + ") : "NULL",
      k("localMemoryPerThread"),
      graph,
    ],
    from: `${KERNEL} k`,
    key: "k.rowid",
  });
  for (const row of rows) {
    const [device, , stream, start, stop, corr] = row;
    const name = names.map((_, i) => str(row[6 + i])).find((n) => n) ?? null;
    const [gx, gy, gz, bx, by, bz, regs, lds, local, replay] = row.slice(6 + names.length);
    const dev = num(device)!;
    await writer.dispatch({
      rank: rankOf(dev),
      device: dev,
      stream: num(stream),
      name: name ?? "(unnamed kernel)",
      start_ns: int64(start)!,
      end_ns: int64(stop)!,
      correlation_id: int64(corr),
      grid_x: num(gx),
      grid_y: num(gy),
      grid_z: num(gz),
      block_x: num(bx),
      block_y: num(by),
      block_z: num(bz),
      vgpr: num(regs),
      lds_bytes: num(lds),
      scratch_bytes: num(local),
      graph_replay: replay === null ? null : Boolean(replay),
    });
  }
}

async function ingestMemory(
  db: SqliteTrace,
  rankOf: (device: number) => number,
  writer: RunWriter,
) {
  if (db.has(MEMCPY)) {
    db.require(MEMCPY, ["start", "end", "deviceId", "bytes", "copyKind"]);
    const rows = db.chunked({
      columns: [
        "m.deviceId",
        col(db, MEMCPY, "m", "streamId"),
        "CAST(m.start AS TEXT)",
        'CAST(m."end" AS TEXT)',
        "CAST(m.bytes AS TEXT)",
        "m.copyKind",
      ],
      from: `${MEMCPY} m`,
      key: "m.rowid",
    });
    for (const [device, stream, start, stop, bytes, kind] of rows) {
      const direction = COPY_KIND[num(kind) ?? 0] ?? null;
      const dev = num(device)!;
      await writer.memoryOp({
        rank: rankOf(dev),
        device: dev,
        stream: num(stream),
        kind: "copy",
        direction,
        bytes: int64(bytes),
        start_ns: int64(start)!,
        end_ns: int64(stop)!,
        name: direction ? `CUDA memcpy ${direction}` : "CUDA memcpy",
      });
    }
  }
  if (db.has(MEMSET)) {
    db.require(MEMSET, ["start", "end", "deviceId", "bytes"]);
    const rows = db.chunked({
      columns: [
        "m.deviceId",
        col(db, MEMSET, "m", "streamId"),
        "CAST(m.start AS TEXT)",
        'CAST(m."end" AS TEXT)',
        "CAST(m.bytes AS TEXT)",
      ],
      from: `${MEMSET} m`,
      key: "m.rowid",
    });
    for (const [device, stream, start, stop, bytes] of rows) {
      const dev = num(device)!;
      await writer.memoryOp({
        rank: rankOf(dev),
        device: dev,
        stream: num(stream),
        kind: "memset",
        bytes: int64(bytes),
        start_ns: int64(start)!,
        end_ns: int64(stop)!,
        name: "CUDA memset",
      });
    }
  }
}

/** The rank for a host process: the device it launched most kernels on, else the first device's. */
function hostRanks(
  db: SqliteTrace,
  devices: number[],
  rankOf: (device: number) => number,
  writer: RunWriter,
): (pid: number | null) => number {
  const byPid = new Map<number, number>();
  if (devices.length > 1 && db.hasColumn(KERNEL, "globalPid")) {
    const sql = `SELECT ${PID_OF("globalPid")} AS pid, deviceId AS device, count(*) AS n
      FROM ${KERNEL} GROUP BY 1, 2 ORDER BY n DESC`;
    for (const r of db.rows(sql)) {
      if (!byPid.has(num(r.pid)!)) byPid.set(num(r.pid)!, rankOf(num(r.device)!));
    }
  }
  return (pid) =>
    (pid === null ? undefined : byPid.get(pid)) ??
      (devices.length ? rankOf(devices[0]) : writer.rank("host"));
}

async function ingestNvtx(
  db: SqliteTrace,
  rankOfPid: (pid: number | null) => number,
  writer: RunWriter,
) {
  db.require(NVTX, ["start", "end"]);
  const hasText = db.hasColumn(NVTX, "text");
  const hasTextId = db.hasColumn(NVTX, "textId") && db.has("StringIds");
  if (!hasText && !hasTextId) {
    throw new InputError(
      db.file,
      `table '${NVTX}' has no text: found columns ${
        db.columns(NVTX).join(", ")
      }; needed text or textId`,
    );
  }
  const label = [hasText ? "n.text" : null, hasTextId ? "s.value" : null].filter(Boolean).join(
    ", ",
  );
  const gtid = db.hasColumn(NVTX, "globalTid") ? PID_OF("n.globalTid") : "NULL";
  const where = [`coalesce(${label}) IS NOT NULL`];
  if (db.hasColumn(NVTX, "eventType")) {
    where.push(`n.eventType IN (${NVTX_USER_EVENTS.join(", ")})`);
  }
  const rows = db.chunked({
    columns: [
      gtid,
      "CAST(n.start AS TEXT)",
      'CAST(coalesce(n."end", n.start) AS TEXT)',
      `coalesce(${label})`,
    ],
    from: `${NVTX} n ${hasTextId ? "LEFT JOIN StringIds s ON s.id = n.textId" : ""}`,
    where: where.join(" AND "),
    key: "n.rowid",
  });
  for (const [pid, start, stop, name] of rows) {
    const text_ = String(name);
    await writer.marker({
      rank: rankOfPid(num(pid)),
      name: text_,
      kind: "nvtx",
      start_ns: int64(start)!,
      end_ns: int64(stop)!,
      ...parseStepName(text_),
    });
  }
}

async function ingestRuntime(
  db: SqliteTrace,
  str: Lookup,
  rankOfPid: (pid: number | null) => number,
  writer: RunWriter,
) {
  db.require(RUNTIME, ["start", "end", "nameId", "correlationId"]);
  const launches: number[] = [];
  for (const r of db.rows(`SELECT DISTINCT nameId AS id FROM ${RUNTIME}`)) {
    if (isLaunchApi(str(r.id) ?? "")) launches.push(num(r.id)!);
  }
  if (!launches.length) return;
  const tid = db.hasColumn(RUNTIME, "globalTid");
  const rows = db.chunked({
    columns: [
      tid ? PID_OF("r.globalTid") : "NULL",
      tid ? TID_OF("r.globalTid") : "NULL",
      "CAST(r.start AS TEXT)",
      'CAST(r."end" AS TEXT)',
      "r.nameId",
      "CAST(r.correlationId AS TEXT)",
    ],
    from: `${RUNTIME} r`,
    where: `r.nameId IN (${launches.join(", ")})`,
    key: "r.rowid",
  });
  for (const [pid, thread, start, stop, nameId, corr] of rows) {
    await writer.apiCall({
      rank: rankOfPid(num(pid)),
      thread: num(thread),
      name: str(nameId)!.replace(/_v\d+$/, ""),
      start_ns: int64(start)!,
      end_ns: int64(stop)!,
      correlation_id: int64(corr),
    });
  }
}

async function ingestFile(file: InputFile, writer: RunWriter): Promise<void> {
  const db = await SqliteTrace.open(file);
  try {
    if (db.has("StringIds")) db.require("StringIds", ["id", "value"]);
    const lookup = db.has("StringIds")
      ? db.stringLookup("SELECT value FROM StringIds WHERE id = ?")
      : () => null;
    const str: Lookup = (v) => typeof v === "string" ? v : lookup(v);
    deviceFacts(db, writer);
    const sources = [KERNEL, MEMCPY, MEMSET].filter((t) => db.has(t));
    for (const t of sources) db.require(t, ["deviceId"]);
    const devices = sources.length
      ? [
        ...db.rows(
          sources.map((t) => `SELECT deviceId AS d FROM ${t}`).join(" UNION ") + " ORDER BY d",
        ),
      ]
        .map((r) => num(r.d)!)
      : [];
    const ranks = new Map(devices.map((d) => [d, writer.rank(`gpu${d}`)]));
    const rankOf = (device: number) => ranks.get(device)!;
    if (db.has(KERNEL)) await ingestKernels(db, str, rankOf, writer);
    await ingestMemory(db, rankOf, writer);
    const rankOfPid = hostRanks(db, devices, rankOf, writer);
    if (db.has(NVTX)) await ingestNvtx(db, rankOfPid, writer);
    if (db.has(RUNTIME)) await ingestRuntime(db, str, rankOfPid, writer);
  } finally {
    db.close();
  }
}

/** Whether a SQLite file is an Nsight Systems export (string table plus CUPTI/NVTX/target tables). */
function isNsys(file: InputFile): boolean {
  const t = sqliteTableNames(file);
  if (!t.has("StringIds")) return false;
  for (const name of t) {
    if (/^(CUPTI_ACTIVITY_KIND_|NVTX_EVENTS|TARGET_INFO_GPU)/.test(name)) return true;
  }
  return false;
}

/** The Nsight Systems SQLite export format module. */
export const nsys: TraceFormat = sqliteFormat({
  id: "nsys-sqlite",
  title: "Nsight Systems SQLite export (nsys export --type sqlite; .sqlite, .sqlite.gz)",
  sniff: isNsys,
  ingestFile,
  expected: "CUDA kernels, memory activity or NVTX ranges",
});
