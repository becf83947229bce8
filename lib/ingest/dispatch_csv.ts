/**
 * Loading kernel-dispatch CSVs (rocprofv3 kernel_trace.csv, rocprof
 * results.csv) into kernel_dispatches, by column layouts the format module
 * resolved from each header.
 *
 * DuckDB reads the files itself (the wasm engine through its virtual file
 * system), files with the same header together and in parallel, keeping only
 * the columns the store needs. Groups by file, kernel name, agent and rank
 * key give the counts, the span and the new names, which the writer interns;
 * then a second read puts the rows into kernel_dispatches joined to their
 * name ids. Reading twice beats staging the rows in a table both steps read:
 * at 1M dispatches a read that only groups costs about half of materialising
 * every column, so staging then inserting stored the rows twice for 2.6 s
 * where two reads take 1.4–1.9 s (native; wasm 5.3 s against 4.9 s), and a
 * staging table would hold the whole capture in memory a second time.
 *
 * @module
 */
import { dirname } from "node:path";
import type { Param } from "../db/engine.ts";
import { sqlIdent, sqlString } from "../db/quote.ts";
import { InputError } from "../cli/errors.ts";
import { type ColumnRef, type FieldRule, mapColumns, printable } from "./csv.ts";
import type { InputFile } from "./source.ts";
import type { RunWriter } from "./writer.ts";

/** 64-bit integer columns of kernel_dispatches a dispatch CSV may carry. */
const WIDE_FIELDS = ["queue", "stream", "correlation_id", "grid_x", "grid_y", "grid_z"] as const;

/** 32-bit integer columns (a wider value becomes NULL, as DuckDB's TRY_CAST makes it). */
const NARROW_FIELDS = [
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

/** A file with its resolved columns. */
interface Planned {
  csv: DispatchCsv;
  columns: DispatchColumns;
}

/**
 * Load the files' dispatches, in order (ranks are numbered as the files come);
 * returns the number of rows written.
 */
export async function loadDispatchCsvs(
  csvs: readonly DispatchCsv[],
  writer: RunWriter,
): Promise<number> {
  // the rules make name, start_ns and end_ns required, so mapColumns returns them
  const planned = csvs.map((csv) => ({
    csv,
    columns: mapColumns(csv.file.path, csv.header, csv.rules, csv.what) as DispatchColumns,
  }));
  let total = 0;
  for (const batch of sameLayout(planned)) total += await loadBatch(batch, writer);
  return total;
}

/** Consecutive files with the same header and compression, read together. */
function sameLayout(planned: Planned[]): Planned[][] {
  const batches: Planned[][] = [];
  const layout = (p: Planned) => `${p.csv.file.gzip}\u0000${p.csv.header.join("\u0000")}`;
  for (const p of planned) {
    const last = batches.at(-1);
    if (last && layout(last[0]) === layout(p)) last.push(p);
    else batches.push([p]);
  }
  return batches;
}

/** Rank-key order: numbers (pids) numerically, then text, then no key. */
function byKey(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const na = Number(a), nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return Number.isFinite(na) ? -1 : Number.isFinite(nb) ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** One staged group: a kernel name on one device and rank key of one file. */
interface Group {
  file: number;
  name: string;
  device: string | null;
  rank_key: string | null;
  n: number | bigint;
  untimed: number | bigint;
  first: number | bigint | null;
  last: number | bigint | null;
}

/** The files' rows with only the columns the store needs, as a SELECT and its parameters. */
function projection(batch: Planned[], refs: string[]): { sql: string; params: Param[] } {
  const { csv, columns: c } = batch[0]; // one header for the whole batch
  const intCols = new Set<number>([c.start_ns.index, c.end_ns.index]);
  for (const k of [...WIDE_FIELDS, ...NARROW_FIELDS]) if (c[k]) intCols.add(c[k]!.index);
  const types = csv.header.map((h, i) =>
    `${sqlString(h)}: '${intCols.has(i) ? "BIGINT" : "VARCHAR"}'`
  );
  const col = (ref: ColumnRef | undefined) => (ref ? `s.${sqlIdent(ref.name)}` : "NULL");
  const mapped = new Set<number>([...intCols, c.name.index]);
  if (c.device) mapped.add(c.device.index);
  if (c.rank_key) mapped.add(c.rank_key.index);
  // Every other column is read too, so that every row is validated (and DuckDB 1.5 does not
  // fail with an internal error, which invalidates the database, when a column it would not
  // have read holds invalid UTF-8); one flag keeps the reading without storing the values.
  const others = csv.header.filter((_, i) => !mapped.has(i)).map((h) => `s.${sqlIdent(h)} IS NULL`);
  const sql = [
    `SELECT s.file_index::INTEGER AS file, coalesce(${col(c.name)}, '') AS name,`,
    `${col(c.device)}::VARCHAR AS device, ${col(c.rank_key)}::VARCHAR AS rank_key,`,
    `${col(c.start_ns)} AS start_ns, ${col(c.end_ns)} AS end_ns,`,
    ...[...WIDE_FIELDS, ...NARROW_FIELDS].map((k) => `${col(c[k])}::BIGINT AS ${k},`),
    `${others.length ? others.join(" OR ") : "NULL"} AS read_all`,
    `FROM read_csv([${refs.map(() => "?").join(", ")}], header = true, auto_detect = false,`,
    `delim = ',', quote = '"', escape = '"', compression = ?, columns = {${types.join(", ")}}) s`,
  ].join("\n");
  return { sql, params: [...refs, csv.file.gzip ? "gzip" : "none"] };
}

async function loadBatch(batch: Planned[], writer: RunWriter): Promise<number> {
  const db = writer.db;
  const paths = batch.map((p) => p.csv.file.path);
  const refs = paths.map((p) => db.fileRef(p));
  const rows = projection(batch, refs);
  // a failed statement ends the ingest (its transaction rolls back, the keys table with it)
  const csvError = (e: unknown): never => {
    throw duckCsvError(paths, e, refs);
  };
  const n = await insertRows(batch, writer, rows, csvError);
  await db.exec("DROP TABLE dispatch_csv_keys");
  return n;
}

async function insertRows(
  batch: Planned[],
  writer: RunWriter,
  rows: { sql: string; params: Param[] },
  csvError: (e: unknown) => never,
): Promise<number> {
  const db = writer.db;
  const groups = await db.query<Group & Record<string, never>>(
    `SELECT file, name, device, rank_key, count(*) AS n,
            count(*) FILTER (WHERE start_ns IS NULL OR end_ns IS NULL) AS untimed,
            min(start_ns) AS first, max(end_ns) AS last, count(read_all) AS read_all
     FROM (${rows.sql}) GROUP BY file, name, device, rank_key ORDER BY file`,
    rows.params,
  ).catch(csvError);

  let total = 0;
  let first: number | bigint | null = null;
  let last: number | bigint | null = null;
  // device and rank-key values are grouped as written and trimmed here
  const devices = new Map<string, number | null>();
  const keyOf = (file: number, value: string | null) => `${file}\u0000${value ?? "\u0001"}`;
  for (const g of groups) {
    const { csv, columns: c } = batch[g.file];
    if (Number(g.untimed) > 0) {
      const what = `${g.untimed} dispatches of '${printable(g.name)}'`;
      throw new InputError(csv.file.path, `${what} lack ${c.start_ns.name} or ${c.end_ns.name}`);
    }
    total += Number(g.n);
    if (g.first !== null && (first === null || g.first < first)) first = g.first;
    if (g.last !== null && (last === null || g.last > last)) last = g.last;
    const dk = keyOf(g.file, g.device);
    if (!devices.has(dk)) {
      devices.set(dk, c.device ? csv.device(g.device?.trim() ?? null, c.device.name) : null);
    }
    writer.nameId(g.name);
  }
  await writer.flushNames();

  // ranks are numbered file by file, each file's keys in key order
  const ranks = new Map<string, number>();
  batch.forEach(({ csv }, file) => {
    const keys = new Set(
      groups.filter((g) => g.file === file).map((g) => g.rank_key?.trim() ?? null),
    );
    for (const key of [...keys].sort(byKey)) ranks.set(keyOf(file, key), csv.rank(key));
  });
  const combos = new Map<
    string,
    { file: number; device: string | null; rank_key: string | null }
  >();
  for (const g of groups) combos.set(`${keyOf(g.file, g.device)}\u0000${g.rank_key}`, g);
  const keys = [...combos.values()];
  await db.exec(
    "CREATE OR REPLACE TEMP TABLE dispatch_csv_keys (file INTEGER, device VARCHAR, rank_key VARCHAR, rank INTEGER, device_id INTEGER)",
  );
  await db.append("dispatch_csv_keys", {
    file: keys.map((k) => k.file),
    device: keys.map((k) => k.device),
    rank_key: keys.map((k) => k.rank_key),
    rank: keys.map((k) => ranks.get(keyOf(k.file, k.rank_key?.trim() ?? null))!),
    device_id: keys.map((k) => devices.get(keyOf(k.file, k.device)) ?? null),
  });

  const fields = [...WIDE_FIELDS, ...NARROW_FIELDS];
  const inserted = await db.query<{ Count: number | bigint }>(
    `INSERT INTO kernel_dispatches (run_id, rank, device, name_id, start_ns, end_ns, ${
      fields.join(", ")
    })
     SELECT ?::INTEGER, k.rank, k.device_id, n.name_id, s.start_ns, s.end_ns, ${
      [
        ...WIDE_FIELDS.map((f) => `s.${f}`),
        ...NARROW_FIELDS.map((f) => `TRY_CAST(s.${f} AS INTEGER)`),
      ]
        .join(", ")
    }
     FROM (${rows.sql}) s
     JOIN dispatch_csv_keys k ON k.file = s.file AND k.device IS NOT DISTINCT FROM s.device
       AND k.rank_key IS NOT DISTINCT FROM s.rank_key
     JOIN kernel_names n ON n.name = s.name`,
    [writer.runId, ...rows.params],
  ).catch(csvError);
  const count = Number(inserted[0]?.Count ?? 0);
  if (count !== total) {
    // the two reads disagree: the files changed in between
    throw new InputError(
      batch.length === 1 ? batch[0].csv.file.path : dirname(batch[0].csv.file.path),
      `changed while being read (${total} dispatches, then ${count}): is the capture still being written?`,
    );
  }
  writer.noteBulk("dispatches", total, first !== null && last !== null ? [first, last] : undefined);
  return total;
}

/**
 * A DuckDB error from reading CSVs as one InputError line: the file (the one
 * DuckDB names among `files`, read as `refs`), the reason and the line it
 * names, offending values cut short. Errors in the SQL itself (binder,
 * parser, catalog) are bugs and pass through.
 */
export function duckCsvError(files: string[], e: unknown, refs: string[] = files): Error {
  const msg = e instanceof Error ? e.message : String(e);
  if (/^(Binder|Parser|Catalog|Not implemented) Error/.test(msg)) {
    return e instanceof Error ? e : new Error(msg);
  }
  const named = /^\s*file = (.*)$/m.exec(msg)?.[1];
  const file = files[named === undefined ? 0 : Math.max(refs.indexOf(named), 0)];
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
