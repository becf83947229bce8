/**
 * rocpd: rocprofv3's default SQLite output from ROCm 7 (rocprofiler-sdk
 * `rocpd_tables.sql`). Each process writes physical tables `rocpd_*_<uuid>`
 * with suffix-less views over them, every row tagged with the process's
 * `guid`; a folder of per-process databases is one run, one rank per
 * process. Read: agents (gfx arch, product name), kernel symbols and
 * dispatches, roctx ranges (`MARKER_CORE*` regions), HIP launch calls and
 * memory copies. Databases without the uuid suffix, or holding several
 * processes' rows (merged, told apart by guid), are read the same way.
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

// deno-fmt-ignore
const DISPATCH_COLUMNS = [
  "id", "pid", "agent_id", "kernel_id", "start", "end", "grid_size_x", "grid_size_y",
  "grid_size_z", "workgroup_size_x", "workgroup_size_y", "workgroup_size_z",
];

/** A GPU or CPU agent. */
interface Agent {
  gpu: boolean;
  /** Device index as rocprofv3 numbers GPUs (type index). */
  index: number;
  arch: string | null;
  name: string | null;
}

/** A kernel symbol. */
interface KernelSymbol {
  name: string;
  vgpr: number | null;
  sgpr: number | null;
}

/** Strings by id, cached. */
type Lookup = (id: unknown) => string | null;

/** One set of rocpd tables (one per uuid suffix) and the process guid being read from it. */
class TableSet {
  constructor(readonly db: SqliteTrace, readonly suffix: string, readonly guid: string | null) {}

  /** The table (or view) name for a logical rocpd table. */
  t(name: string): string {
    return `rocpd_${name}${this.suffix}`;
  }

  /** Whether the logical table exists. */
  has(name: string): boolean {
    return this.db.has(this.t(name));
  }

  /** `alias.column` when the table has the column, else NULL. */
  col(name: string, alias: string, column: string): string {
    return this.db.hasColumn(this.t(name), column) ? `${alias}.${column}` : "NULL";
  }

  /** A filter to this set's guid on `alias`, or true when the tables carry no guid. */
  mine(name: string, alias: string): string {
    return this.guid !== null && this.db.hasColumn(this.t(name), "guid")
      ? `${alias}.guid = ?`
      : "1";
  }

  /** The parameter of a {@link TableSet.mine} filter (none when there is no guid). */
  params(): string[] {
    return this.guid === null ? [] : [this.guid];
  }

  /** A join condition on guid too, when both sides carry one. */
  sameGuid(a: string, aAlias: string, b: string, bAlias: string): string {
    return this.db.hasColumn(this.t(a), "guid") && this.db.hasColumn(this.t(b), "guid")
      ? ` AND ${aAlias}.guid = ${bAlias}.guid`
      : "";
  }

  /** The distinct integer values of a table's `column` in this guid's rows (ids of small sets). */
  distinctIds(name: string, column: string): number[] {
    const sql = `SELECT DISTINCT x.${column} AS id FROM ${this.t(name)} x
      WHERE ${this.mine(name, "x")}`;
    return [...this.db.rows(sql, this.params())].map((r) => num(r.id)!);
  }
}

/** What the readers of one process share. */
interface Process {
  s: TableSet;
  agents: Map<number, Agent>;
  /** Rank of a dispatch/region/copy `pid` (a rocpd_info_process row id). */
  rankOf: (pidRow: unknown) => number;
  /** Thread id by rocpd_info_thread row id. */
  tids: Map<number, number>;
  str: Lookup;
  /** Select expression for an event's correlation id (`e` joined), or NULL. */
  correlation: string;
  /** Join of the event table as `e` to a table aliased `alias`, or nothing. */
  eventJoin: (name: string, alias: string) => string;
}

/** The uuid suffixes of the physical table sets, or the suffix-less tables/views. */
function tableSuffixes(db: SqliteTrace, file: string): string[] {
  const suffixes = [...db.rows(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rocpd_info_process_%'",
  )].map((r) => String(r.name).slice("rocpd_info_process".length));
  if (suffixes.length) return suffixes;
  if (db.has("rocpd_info_process")) return [""];
  throw new InputError(file, "expected rocpd tables (rocpd_info_process, rocpd_kernel_dispatch …)");
}

/** The process guids in a table set (one per process; merged databases hold several). */
function guids(db: SqliteTrace, suffix: string): (string | null)[] {
  const table = `rocpd_info_process${suffix}`;
  db.require(table, ["id", "pid"]);
  if (!db.hasColumn(table, "guid")) return [null];
  return [...db.rows(`SELECT DISTINCT guid FROM ${table} ORDER BY guid`)].map((r) => text(r.guid));
}

function loadAgents(s: TableSet): Map<number, Agent> {
  const agents = new Map<number, Agent>();
  if (!s.has("info_agent")) return agents;
  s.db.require(s.t("info_agent"), ["id", "type"]);
  const a = (c: string) => s.col("info_agent", "a", c);
  const index = ["type_index", "logical_index", "absolute_index", "id"].map(a).join(", ");
  const sql = `SELECT a.id AS id, a.type AS type, coalesce(${index}) AS idx, ${a("name")} AS name,
      ${a("product_name")} AS product, ${a("model_name")} AS model
    FROM ${s.t("info_agent")} a WHERE ${s.mine("info_agent", "a")}`;
  for (const r of s.db.rows(sql, s.params())) {
    const gfx = text(r.name);
    const product = text(r.product) || text(r.model) || gfx;
    const arch = gfx && /^gfx[0-9a-f]+$/i.test(gfx)
      ? gfx.toLowerCase()
      : deviceModel(product)?.arch ?? null;
    agents.set(num(r.id)!, {
      gpu: text(r.type) === "GPU",
      index: num(r.idx)!,
      arch,
      name: product,
    });
  }
  return agents;
}

/** Kernel symbols by id, named by display_name, else kernel_name. */
function loadSymbols(s: TableSet): Map<number, KernelSymbol> {
  const table = s.t("info_kernel_symbol");
  s.db.require(table, ["id"]);
  const names = ["display_name", "kernel_name"].filter((c) => s.db.hasColumn(table, c));
  if (!names.length) {
    const found = s.db.columns(table).join(", ");
    throw new InputError(
      s.db.file,
      `table '${table}' lacks display_name and kernel_name: found columns ${found}; needed id and one of display_name, kernel_name`,
    );
  }
  const k = (c: string) => s.col("info_kernel_symbol", "k", c);
  const name = names.map((c) => `nullif(k.${c}, '')`).join(", ");
  const sql = `SELECT k.id AS id, coalesce(${name}) AS name, ${k("arch_vgpr_count")} AS vgpr,
      ${k("sgpr_count")} AS sgpr
    FROM ${table} k WHERE ${s.mine("info_kernel_symbol", "k")}`;
  const symbols = new Map<number, KernelSymbol>();
  for (const r of s.db.rows(sql, s.params())) {
    const id = num(r.id)!;
    symbols.set(id, { name: text(r.name) ?? `kernel ${id}`, vgpr: num(r.vgpr), sgpr: num(r.sgpr) });
  }
  return symbols;
}

/** Real pid by process row id, or thread id by thread row id. */
function loadIds(s: TableSet, name: string, column: "pid" | "tid"): Map<number, number> {
  const ids = new Map<number, number>();
  if (!s.has(name)) return ids;
  s.db.require(s.t(name), ["id", column]);
  const sql = `SELECT x.id AS id, x.${column} AS v FROM ${s.t(name)} x WHERE ${s.mine(name, "x")}`;
  for (const r of s.db.rows(sql, s.params())) ids.set(num(r.id)!, num(r.v)!);
  return ids;
}

/** Kernel dispatches, named and sized from their symbols, on their agent's device. */
async function ingestDispatches(p: Process, writer: RunWriter): Promise<void> {
  const s = p.s;
  s.db.require(s.t("kernel_dispatch"), DISPATCH_COLUMNS);
  const symbols = loadSymbols(s);
  const d = (c: string) => s.col("kernel_dispatch", "k", c);
  const linked = d("event_id") !== "NULL";
  const rows = s.db.chunked({
    // deno-fmt-ignore
    columns: [
      "k.pid", "k.agent_id", "k.kernel_id", d("queue_id"), d("stream_id"), "CAST(k.start AS TEXT)",
      'CAST(k."end" AS TEXT)', linked ? p.correlation : "NULL", "k.grid_size_x", "k.grid_size_y",
      "k.grid_size_z", "k.workgroup_size_x", "k.workgroup_size_y", "k.workgroup_size_z",
      d("group_segment_size"), d("private_segment_size"),
    ],
    from: `${s.t("kernel_dispatch")} k ${linked ? p.eventJoin("kernel_dispatch", "k") : ""}`,
    where: s.mine("kernel_dispatch", "k"),
    key: "k.id",
  }, s.params());
  for (const row of rows) {
    const [pid, agentId, kernelId, queue, stream, start, stop, corr] = row;
    const [gx, gy, gz, bx, by, bz, lds, scratch] = row.slice(8);
    const agent = p.agents.get(num(agentId)!);
    const symbol = symbols.get(num(kernelId)!);
    if (agent?.gpu) {
      writer.facts.arch ??= agent.arch;
      writer.facts.device_name ??= agent.name;
    }
    await writer.dispatch({
      rank: p.rankOf(pid),
      device: agent?.index ?? num(agentId),
      queue: num(queue),
      stream: num(stream),
      name: symbol?.name ?? `kernel ${num(kernelId)}`,
      start_ns: int64(start)!,
      end_ns: int64(stop)!,
      correlation_id: int64(corr),
      grid_x: num(gx),
      grid_y: num(gy),
      grid_z: num(gz),
      block_x: num(bx),
      block_y: num(by),
      block_z: num(bz),
      vgpr: symbol?.vgpr ?? null,
      sgpr: symbol?.sgpr ?? null,
      lds_bytes: num(lds),
      scratch_bytes: num(scratch),
    });
  }
}

/**
 * Regions: roctx ranges (`MARKER_CORE*` categories, text in the event's
 * `extdata.message`) become markers; HIP API regions that launch work
 * become api_calls.
 */
async function ingestRegions(p: Process, writer: RunWriter): Promise<void> {
  const s = p.s;
  s.db.require(s.t("region"), ["id", "pid", "tid", "start", "end", "name_id", "event_id"]);
  const categories = s.distinctIds("event", "category_id");
  const markerCats = categories.filter((id) => /^MARKER_CORE/.test(p.str(id) ?? ""));
  const apiCats = categories.filter((id) => /^HIP_/.test(p.str(id) ?? ""));
  const launches = s.distinctIds("region", "name_id").filter((id) => isLaunchApi(p.str(id) ?? ""));
  if (!markerCats.length && !(apiCats.length && launches.length)) return;
  const list = (ids: number[]) => ids.length ? ids.join(", ") : "NULL";
  const isMarker = `e.category_id IN (${list(markerCats)})`;
  const message = [s.col("event", "e", "extdata"), s.col("region", "r", "extdata")]
    .map((c) => `json_extract(${c}, '$.message')`).join(", ");
  const rows = s.db.chunked({
    // deno-fmt-ignore
    columns: [
      "r.pid", "r.tid", "CAST(r.start AS TEXT)", 'CAST(r."end" AS TEXT)', "r.name_id", p.correlation,
      `CASE WHEN ${isMarker} THEN 1 ELSE 0 END`, `CASE WHEN ${isMarker} THEN coalesce(${message}) END`,
    ],
    from: `${s.t("region")} r ${p.eventJoin("region", "r")}`,
    where: `${s.mine("region", "r")} AND (${isMarker} OR
      (e.category_id IN (${list(apiCats)}) AND r.name_id IN (${list(launches)})))`,
    key: "r.id",
  }, s.params());
  for (const [pid, tid, start, stop, nameId, corr, marker, msg] of rows) {
    const rank = p.rankOf(pid);
    if (marker) {
      const name = text(msg) ?? p.str(nameId) ?? "";
      await writer.marker({
        rank,
        name,
        kind: "roctx",
        start_ns: int64(start)!,
        end_ns: int64(stop)!,
        ...parseStepName(name),
      });
    } else {
      await writer.apiCall({
        rank,
        thread: p.tids.get(num(tid)!) ?? num(tid),
        name: p.str(nameId)!,
        start_ns: int64(start)!,
        end_ns: int64(stop)!,
        correlation_id: int64(corr),
      });
    }
  }
}

/** `MEMORY_COPY_HOST_TO_DEVICE` → `HtoD`; null when the name has no direction. */
function copyDirection(name: string): string | null {
  const m = /(HOST|DEVICE|PEER)_TO_(HOST|DEVICE|PEER)/.exec(name);
  return m ? `${m[1][0]}to${m[2][0]}` : null;
}

/** Memory copies, on the device of the GPU side of the copy. */
async function ingestCopies(p: Process, writer: RunWriter): Promise<void> {
  const s = p.s;
  s.db.require(s.t("memory_copy"), ["id", "pid", "start", "end", "name_id", "size"]);
  const m = (c: string) => s.col("memory_copy", "m", c);
  const rows = s.db.chunked({
    // deno-fmt-ignore
    columns: [
      "m.pid", "CAST(m.start AS TEXT)", 'CAST(m."end" AS TEXT)', "m.name_id", "CAST(m.size AS TEXT)",
      m("dst_agent_id"), m("src_agent_id"), m("stream_id"),
    ],
    from: `${s.t("memory_copy")} m`,
    where: s.mine("memory_copy", "m"),
    key: "m.id",
  }, s.params());
  for (const [pid, start, stop, nameId, size, dst, src, stream] of rows) {
    const name = p.str(nameId) ?? "";
    const gpu = [p.agents.get(num(dst)!), p.agents.get(num(src)!)].find((a) => a?.gpu);
    await writer.memoryOp({
      rank: p.rankOf(pid),
      device: gpu?.index ?? null,
      stream: num(stream),
      kind: "copy",
      direction: copyDirection(name),
      bytes: int64(size),
      start_ns: int64(start)!,
      end_ns: int64(stop)!,
      name,
    });
  }
}

/** Everything one process (guid) of one table set contributes. */
async function ingestProcess(s: TableSet, file: string, writer: RunWriter): Promise<void> {
  const pids = loadIds(s, "info_process", "pid");
  const owner = s.guid ?? `${file}${s.suffix}`;
  const events = s.has("event");
  if (events) s.db.require(s.t("event"), ["id", "category_id"]);
  if (s.has("string")) s.db.require(s.t("string"), ["id", "string"]);
  const stack = [s.col("event", "e", "stack_id"), s.col("event", "e", "correlation_id")];
  const p: Process = {
    s,
    agents: loadAgents(s),
    rankOf: (pidRow) => writer.rank(`${owner}:${pids.get(num(pidRow)!) ?? num(pidRow)}`),
    tids: loadIds(s, "info_thread", "tid"),
    str: s.has("string")
      ? s.db.stringLookup(
        `SELECT x.string FROM ${s.t("string")} x WHERE x.id = ? AND ${s.mine("string", "x")}`,
        s.params(),
      )
      : () => null,
    correlation: events ? `CAST(coalesce(${stack.join(", ")}) AS TEXT)` : "NULL",
    eventJoin: (name, alias) =>
      events
        ? `LEFT JOIN ${s.t("event")} e ON e.id = ${alias}.event_id${
          s.sameGuid("event", "e", name, alias)
        }`
        : "",
  };
  if (s.has("kernel_dispatch")) await ingestDispatches(p, writer);
  if (s.has("region") && events && s.has("string")) await ingestRegions(p, writer);
  if (s.has("memory_copy")) await ingestCopies(p, writer);
}

async function ingestFile(file: InputFile, writer: RunWriter): Promise<void> {
  const db = await SqliteTrace.open(file);
  try {
    for (const suffix of tableSuffixes(db, file.path)) {
      for (const guid of guids(db, suffix)) {
        await ingestProcess(new TableSet(db, suffix, guid), file.path, writer);
      }
    }
  } finally {
    db.close();
  }
}

/** Whether a SQLite file holds rocprofiler-sdk's rocpd tables. */
function isRocpd(file: InputFile): boolean {
  for (const name of sqliteTableNames(file)) {
    if (/^rocpd_(info_process|kernel_dispatch)/.test(name)) return true;
  }
  return false;
}

/** The rocpd (rocprofv3 SQLite) format module. */
export const rocpd: TraceFormat = sqliteFormat({
  id: "rocpd",
  title: "rocpd SQLite from rocprofv3 (ROCm 7; a folder of per-process .db files is one run)",
  sniff: isRocpd,
  ingestFile,
  expected: "kernel dispatches, memory copies or roctx regions",
});
