/**
 * Loading a kernel-dispatch CSV (rocprofv3 kernel_trace.csv, rocprof
 * results.csv) into kernel_dispatches, by a column layout the format module
 * resolved from the header.
 *
 * On the native engine DuckDB reads the file itself, in two passes: the
 * first groups by kernel name, agent and rank key (reading every column, so
 * every row is validated, and giving the counts and the span) so that the
 * new names can be interned by the writer; the second inserts the rows
 * joined to their name ids. On the wasm engine the file is streamed through
 * the TypeScript CSV parser into the writer. Both paths give the same rows.
 *
 * @module
 */
import type { Param } from "../db/engine.ts";
import { InputError } from "../cli/errors.ts";
import {
  type ColumnRef,
  csvInt,
  type FieldRule,
  mapColumns,
  printable,
  readCsvRecords,
  toInt32,
} from "./csv.ts";
import type { InputFile } from "./source.ts";
import type { DispatchRow, RunWriter } from "./writer.ts";

/** 64-bit integer columns of kernel_dispatches a dispatch CSV may carry. */
const WIDE_FIELDS = ["queue", "stream", "correlation_id"] as const;

/** 32-bit integer columns (a wider value becomes NULL, as DuckDB's TRY_CAST makes it). */
const NARROW_FIELDS = [
  "grid_x",
  "grid_y",
  "grid_z",
  "block_x",
  "block_y",
  "block_z",
  "vgpr",
  "sgpr",
  "lds_bytes",
  "scratch_bytes",
] as const; // deno-fmt-ignore

type IntField = typeof WIDE_FIELDS[number] | typeof NARROW_FIELDS[number];

/** Where each dispatch field sits in the file. */
type DispatchColumns =
  & {
    name: ColumnRef;
    start_ns: ColumnRef;
    end_ns: ColumnRef;
    device?: ColumnRef;
    rank_key?: ColumnRef;
  }
  & { [K in IntField]?: ColumnRef };

/** A dispatch CSV and how to read it. */
export interface DispatchCsv {
  file: InputFile;
  header: readonly string[];
  /**
   * Header spellings of the fields: name, start_ns and end_ns (required),
   * device, rank_key, queue, stream, correlation_id, grid_*, block_*, vgpr,
   * sgpr, lds_bytes, scratch_bytes.
   */
  rules: readonly FieldRule[];
  /** What the file is, for the unknown-header error. */
  what: string;
  /** The rank of a row from its trimmed rank-key value (null: no rank key or an empty one). */
  rank(key: string | null): number;
  /** The device index of a trimmed device value; throws InputError for a bad one. */
  device(value: string | null, column: string, line?: number): number | null;
}

/** Load the file's dispatches; returns the number of rows written. */
export function loadDispatchCsv(csv: DispatchCsv, writer: RunWriter): Promise<number> {
  // the rules make name, start_ns and end_ns required, so mapColumns returns them
  const columns = mapColumns(csv.file.path, csv.header, csv.rules, csv.what) as DispatchColumns;
  return writer.db.kind === "native"
    ? loadWithDuckDB(csv, columns, writer)
    : loadStreamed(csv, columns, writer);
}

/** Memoise a function of a field value (few distinct agents and pids per file). */
function memo<T>(
  fn: (value: string | null, line: number) => T,
): (value: string | null, line: number) => T {
  const seen = new Map<string | null, T>();
  return (value, line) => {
    let v = seen.get(value);
    if (v === undefined && !seen.has(value)) seen.set(value, v = fn(value, line));
    return v as T;
  };
}

async function loadStreamed(
  csv: DispatchCsv,
  c: DispatchColumns,
  writer: RunWriter,
): Promise<number> {
  const path = csv.file.path;
  if (c.rank_key) { // a first pass over the rank keys numbers the ranks in key order, as DuckDB's path does
    const keys = new Set<string | null>();
    for await (const batch of readCsvRecords(csv.file, csv.header.length)) {
      for (const { fields } of batch) keys.add(fields[c.rank_key.index]?.trim() ?? null);
    }
    for (const key of [...keys].sort(byKey)) csv.rank(key);
  }
  const rankOf = memo((key) => csv.rank(key));
  const deviceOf = memo((value, line) => csv.device(value, c.device!.name, line));
  let rows = 0;
  for await (const batch of readCsvRecords(csv.file, csv.header.length)) {
    for (const { fields: f, line } of batch) {
      const int = (
        ref: ColumnRef | undefined,
      ) => (ref ? csvInt(f[ref.index], path, line, ref.name) : null);
      const text = (ref: ColumnRef | undefined) => (ref ? f[ref.index]?.trim() ?? null : null);
      const start = int(c.start_ns), end = int(c.end_ns);
      if (start === null || end === null) {
        throw new InputError(
          path,
          `a dispatch without ${start === null ? c.start_ns.name : c.end_ns.name}`,
          `line ${line}`,
        );
      }
      const row: DispatchRow = {
        rank: rankOf(text(c.rank_key), line),
        device: c.device ? deviceOf(text(c.device), line) : null,
        name: f[c.name.index] ?? "",
        start_ns: start,
        end_ns: end,
      };
      for (const k of WIDE_FIELDS) row[k] = int(c[k]);
      for (const k of NARROW_FIELDS) row[k] = toInt32(int(c[k]));
      await writer.dispatch(row);
      rows++;
    }
  }
  return rows;
}

/** Rank-key order: numbers (pids) numerically, then text, then no key. */
function byKey(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const na = Number(a), nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return Number.isFinite(na) ? -1 : Number.isFinite(nb) ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** SQL string literal. */
function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** SQL identifier. */
function ident(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** One group of pass 1: a kernel name on one device and rank key. */
interface Group {
  name: string | null;
  device: string | null;
  rank_key: string | null;
  n: number | bigint;
  untimed: number | bigint;
  first: number | bigint | null;
  last: number | bigint | null;
}

async function loadWithDuckDB(
  csv: DispatchCsv,
  c: DispatchColumns,
  writer: RunWriter,
): Promise<number> {
  const file = csv.file;
  const db = writer.db;
  const intCols = new Set<number>([c.start_ns.index, c.end_ns.index]);
  for (const k of [...WIDE_FIELDS, ...NARROW_FIELDS]) if (c[k]) intCols.add(c[k]!.index);
  const types = csv.header.map((h, i) => `${lit(h)}: '${intCols.has(i) ? "BIGINT" : "VARCHAR"}'`);
  const source =
    `read_csv(?, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
    `compression = ?, columns = {${types.join(", ")}}) s`;
  const sourceParams: Param[] = [file.path, file.gzip ? "gzip" : "none"];
  const col = (ref: ColumnRef | undefined) => (ref ? `s.${ident(ref.name)}` : "NULL");
  const start = col(c.start_ns), end = col(c.end_ns);

  // Counting every column reads (and so validates) the whole row, and keeps DuckDB 1.5 from
  // failing with an internal error, which invalidates the database, when a column it would
  // not have read holds invalid UTF-8. Device and rank-key values are grouped as written
  // (trimmed in TypeScript) so that the second pass compares them without a function call.
  const everyColumn = csv.header.map((h) => `count(s.${ident(h)})`);
  const pass1 = [
    `SELECT ${col(c.name)} AS name, ${col(c.device)}::VARCHAR AS device,`,
    `${col(c.rank_key)}::VARCHAR AS rank_key, count(*) AS n,`,
    `count(*) FILTER (WHERE ${start} IS NULL OR ${end} IS NULL) AS untimed,`,
    `min(${start}) AS first, max(${end}) AS last, ${everyColumn.join(", ")}`,
    `FROM ${source} GROUP BY ALL`,
  ];
  let groups: Group[];
  try {
    groups = await db.query<Group & Record<string, never>>(pass1.join("\n"), sourceParams);
  } catch (e) {
    throw duckCsvError(file.path, e);
  }
  if (!groups.length) return 0;

  let total = 0;
  let first: number | bigint | null = null;
  let last: number | bigint | null = null;
  const devices = new Map<string | null, number | null>();
  for (const g of groups) {
    if (Number(g.untimed) > 0) {
      const what = `${g.untimed} dispatches of '${printable(g.name ?? "")}'`;
      throw new InputError(file.path, `${what} lack ${c.start_ns.name} or ${c.end_ns.name}`);
    }
    total += Number(g.n);
    if (g.first !== null && (first === null || g.first < first)) first = g.first;
    if (g.last !== null && (last === null || g.last > last)) last = g.last;
    if (c.device && !devices.has(g.device)) {
      devices.set(g.device, csv.device(g.device?.trim() ?? null, c.device.name));
    }
    writer.nameId(g.name ?? "");
  }
  await writer.flushNames();
  const keys = [...new Set(groups.map((g) => g.rank_key))];
  const rankOf = new Map<string | null, number>();
  for (const key of [...new Set(keys.map((k) => k?.trim() ?? null))].sort(byKey)) {
    rankOf.set(key, csv.rank(key));
  }
  const ranks = new Map(keys.map((k) => [k, rankOf.get(k?.trim() ?? null)!]));

  const params: Param[] = [writer.runId];
  const caseOf = (ref: ColumnRef | undefined, map: Map<string | null, number | null>): string => {
    const known = [...map].filter(([k]) => k !== null);
    const otherwise = map.get(null) ?? null;
    const whens = ref ? known.map(([k, v]) => (params.push(k, v), "WHEN ? THEN ?::INTEGER")) : [];
    params.push(otherwise);
    return whens.length ? `CASE ${col(ref)} ${whens.join(" ")} ELSE ?::INTEGER END` : "?::INTEGER";
  };
  const rankSql = caseOf(c.rank_key, ranks);
  const deviceSql = caseOf(c.device, devices);
  const ints = [
    ...WIDE_FIELDS.map((k) => col(c[k])),
    ...NARROW_FIELDS.map((k) => (c[k] ? `TRY_CAST(${col(c[k])} AS INTEGER)` : "NULL")),
  ];
  const nameSql = groups.some((g) => g.name === null)
    ? `coalesce(${col(c.name)}, '')`
    : col(c.name);
  params.push(...sourceParams);
  const pass2 = [
    `INSERT INTO kernel_dispatches (run_id, rank, device, name_id, start_ns, end_ns,`,
    `${[...WIDE_FIELDS, ...NARROW_FIELDS].join(", ")})`,
    `SELECT ?::INTEGER, ${rankSql}, ${deviceSql}, k.name_id, ${start}, ${end}, ${ints.join(", ")}`,
    `FROM ${source} JOIN kernel_names k ON k.name = ${nameSql}`,
  ];
  const inserted = await db.query<{ Count: number | bigint }>(pass2.join("\n"), params);
  const count = Number(inserted[0]?.Count ?? 0);
  if (count !== total) {
    throw new Error(`${file.path}: inserted ${count} dispatches, expected ${total}`);
  }
  writer.noteBulk("dispatches", total, first !== null && last !== null ? [first, last] : undefined);
  return total;
}

/**
 * A DuckDB error from reading a CSV as one InputError line: the reason and
 * the line it names, offending values cut short. Errors in the SQL itself
 * (binder, parser, catalog) are bugs and pass through.
 */
export function duckCsvError(file: string, e: unknown): Error {
  const msg = e instanceof Error ? e.message : String(e);
  if (/^(Binder|Parser|Catalog|Not implemented) Error/.test(msg)) {
    return e instanceof Error ? e : new Error(msg);
  }
  const line = /CSV Error on Line: (\d+)/.exec(msg)?.[1];
  const lines = msg.split("\n").map((l) => l.trim()).filter(Boolean);
  const known =
    /^(Error when converting|Expected Number of Columns|Value with unterminated quote|Invalid unicode)/i;
  let reason = lines.find((l) => known.test(l)) ?? `could not be read as CSV (${lines[0] ?? msg})`;
  const conv =
    /^Error when converting column "(.*)"\. Could not convert string "([\s\S]*)" to '(\w+)'/.exec(
      reason,
    );
  const width = /^Expected Number of Columns: (\d+) Found: (\d+)/.exec(reason);
  if (conv) {
    reason = `expected ${conv[3] === "BIGINT" ? "an integer" : conv[3]} in column ${
      conv[1]
    }, found '${printable(conv[2])}'`;
  } else if (width) reason = `expected ${width[1]} fields as in the header, found ${width[2]}`;
  else if (/unterminated quote/i.test(reason)) reason = "truncated: a quoted value is never closed";
  else if (/^Invalid unicode/i.test(reason)) reason = "invalid UTF-8 text";
  return new InputError(file, reason, line ? `line ${line}` : undefined);
}
