/**
 * Reading SQLite trace files (RPD, rocpd, Nsight Systems exports): content
 * sniffing by header and table names, opening a file read-only (gzip'd files
 * through a temporary plain copy), checking it is whole, mapping columns by
 * name, and streaming rows with every SQLite failure turned into one
 * {@link InputError} line.
 *
 * @module
 */
import { sqlIdent } from "../db/quote.ts";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import { InputError } from "../cli/errors.ts";
import type { TraceFormat } from "./format.ts";
import { headText, type InputFile, plainFile } from "./source.ts";
import type { RunWriter } from "./writer.ts";

const MAGIC = "SQLite format 3\0";
const HEADER_BYTES = 100;

/** Whether the file starts with the SQLite header (after gunzip). */
export function isSqlite(file: InputFile): boolean {
  if (file.head.length < HEADER_BYTES) return false;
  for (let i = 0; i < MAGIC.length; i++) {
    if (file.head[i] !== MAGIC.charCodeAt(i)) return false;
  }
  return true;
}

const CREATE_STATEMENT =
  /CREATE\s+(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?["`'[]?([A-Za-z_][\w$]*)/gi;
const tableCache = new Map<string, Set<string>>();

/**
 * The table and view names of a SQLite input, for sniffing: read from the
 * schema when the file opens, else from the CREATE statements in its first
 * bytes (gzip'd files, damaged files). Empty for non-SQLite files.
 */
export function sqliteTableNames(file: InputFile): Set<string> {
  if (!isSqlite(file)) return new Set();
  const key = `${file.path}\0${file.size}`;
  let names = tableCache.get(key);
  if (!names) {
    names = new Set<string>();
    for (const m of headText(file).matchAll(CREATE_STATEMENT)) names.add(m[1]);
    if (!file.gzip) {
      try {
        const db = openReadOnly(file.path);
        try {
          const rows = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
            .all();
          for (const r of rows) names.add(String(r.name));
        } finally {
          db.close();
        }
      } catch {
        // unreadable schema: the names found in the first bytes stand
      }
    }
    tableCache.set(key, names);
  }
  return names;
}

/** Open a finished trace read-only; `immutable` skips locking and journal files. */
function openReadOnly(path: string): DatabaseSync {
  return new DatabaseSync(`${pathToFileURL(path).href}?immutable=1`, { readOnly: true });
}

/** Rows per SQLite call in {@link SqliteTrace.chunked}. */
const CHUNK_ROWS = 20_000;

/** A large query for {@link SqliteTrace.chunked}. */
export interface ChunkedQuery {
  /** Select-list expressions, returned in this order. */
  columns: string[];
  /** Tables and joins (the FROM clause without the keyword). */
  from: string;
  /** Filter, without the keyword. */
  where?: string;
  /** Increasing integer key to page on, with an index (a rowid). */
  key: string;
}

/** A row as node:sqlite returns it (integers as bigint). */
export type SqlRow = Record<string, SQLInputValue>;

/** An integer cell as a number, or null. */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const INTEGER = /^-?\d+$/;

/**
 * A timestamp or 64-bit id cell (bigint, number, or decimal text) as a
 * number when a double holds it exactly, else a bigint; null when empty.
 */
export function int64(v: unknown): number | bigint | null {
  if (typeof v === "number") return Number.isInteger(v) ? v : Math.round(v);
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (typeof v === "string" && INTEGER.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : BigInt(v);
  }
  return null;
}

/** A text cell as a string, or null. */
export function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : String(v);
}

/**
 * One SQLite input opened for reading. Create with {@link SqliteTrace.open}
 * and always {@link SqliteTrace.close} it (it may own a temporary file).
 */
export class SqliteTrace {
  #tables: Map<string, string> | null = null;
  #columns = new Map<string, string[]>();

  private constructor(
    /** The input path, for error messages. */
    readonly file: string,
    private db: DatabaseSync,
    private cleanup: () => void,
  ) {}

  /**
   * Open an input: decompress a gzip'd file, check the header's page count
   * against the file size (a truncated copy fails here), open it read-only
   * and run SQLite's quick_check (a damaged b-tree fails here).
   */
  static async open(input: InputFile): Promise<SqliteTrace> {
    const plain = await plainFile(input);
    let db: DatabaseSync | null = null;
    try {
      await checkWhole(input.path, plain.path);
      try {
        db = openReadOnly(plain.path);
      } catch (e) {
        throw new InputError(input.path, `cannot open as SQLite (${sqliteMessage(e)})`);
      }
      const trace = new SqliteTrace(input.path, db, plain.cleanup);
      trace.quickCheck();
      return trace;
    } catch (e) {
      db?.close();
      plain.cleanup();
      throw e;
    }
  }

  private quickCheck(): void {
    const problems: string[] = [];
    for (const r of this.rows("PRAGMA quick_check(3)")) {
      const v = String(Object.values(r)[0]);
      if (v !== "ok") problems.push(v.replace(/\s*\n\s*/g, " "));
    }
    if (problems.length) {
      throw new InputError(this.file, `corrupt SQLite database (${problems.join("; ")})`);
    }
  }

  /** Release the database and any temporary plain copy. */
  close(): void {
    try {
      this.db.close();
    } finally {
      this.cleanup();
    }
  }

  /** Table and view names, as spelled in the schema, keyed by lower case. */
  tables(): Map<string, string> {
    if (!this.#tables) {
      this.#tables = new Map();
      for (const r of this.rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")) {
        const name = String(r.name);
        this.#tables.set(name.toLowerCase(), name);
      }
    }
    return this.#tables;
  }

  /** Whether a table or view exists (case-insensitive, as in SQL). */
  has(table: string): boolean {
    return this.tables().has(table.toLowerCase());
  }

  /** Column names of a table or view (empty when it does not exist). */
  columns(table: string): string[] {
    let cols = this.#columns.get(table);
    if (!cols) {
      cols = this.has(table)
        ? [...this.rows(`PRAGMA table_info(${sqlIdent(table)})`)].map((r) => String(r.name))
        : [];
      this.#columns.set(table, cols);
    }
    return cols;
  }

  /** Whether a table has a column (case-insensitive, as in SQL). */
  hasColumn(table: string, column: string): boolean {
    const c = column.toLowerCase();
    return this.columns(table).some((n) => n.toLowerCase() === c);
  }

  /**
   * Require a table with the given columns; otherwise an InputError that
   * names the columns found and the ones needed.
   */
  require(table: string, needed: readonly string[]): void {
    if (!this.has(table)) {
      throw new InputError(
        this.file,
        `expected a table '${table}' with columns ${needed.join(", ")}`,
      );
    }
    const missing = needed.filter((c) => !this.hasColumn(table, c));
    if (missing.length) {
      throw new InputError(
        this.file,
        `table '${table}' lacks ${missing.join(", ")}: found columns ${
          this.columns(table).join(", ")
        }; needed ${needed.join(", ")}`,
      );
    }
  }

  /**
   * Stream the rows of one statement as objects (integers as bigint), for
   * small result sets. Any SQLite failure, at prepare time or mid-way (a
   * damaged page), becomes an InputError.
   */
  *rows(sql: string, params: SQLInputValue[] = []): Generator<SqlRow> {
    let stmt: StatementSync;
    try {
      stmt = this.db.prepare(sql);
      stmt.setReadBigInts(true);
    } catch (e) {
      throw this.failure(e);
    }
    const it = stmt.iterate(...params);
    while (true) {
      let r: IteratorResult<unknown>;
      try {
        r = it.next();
      } catch (e) {
        throw this.failure(e);
      }
      if (r.done) return;
      yield r.value as SqlRow;
    }
  }

  /**
   * Stream the rows of a large query as arrays in `columns` order. SQLite
   * packs {@link CHUNK_ROWS} rows at a time into one JSON array, walking
   * `key` (an integer key with an index, e.g. `o.rowid`) upwards; node:sqlite
   * costs about 2 µs per row returned, JSON.parse a fraction of that.
   *
   * JSON numbers are doubles: cast columns that may exceed 2^53 (timestamps,
   * 64-bit ids) to TEXT and read them with {@link int64}.
   */
  *chunked(q: ChunkedQuery, params: SQLInputValue[] = []): Generator<unknown[]> {
    const inner = q.columns.map((c, i) => `${c} AS c${i}`).join(", ");
    const outer = q.columns.map((_, i) => `c${i}`).join(", ");
    const sql = (after: boolean) =>
      `SELECT max(k) AS last, json_group_array(json_array(${outer})) AS chunk
      FROM (SELECT ${q.key} AS k, ${inner} FROM ${q.from}
        WHERE (${q.where ?? "1"})${
        after ? ` AND ${q.key} > ?` : ""
      } ORDER BY ${q.key} LIMIT ${CHUNK_ROWS})`;
    let first: StatementSync, next: StatementSync;
    try {
      first = this.db.prepare(sql(false));
      next = this.db.prepare(sql(true));
      first.setReadBigInts(true);
      next.setReadBigInts(true);
    } catch (e) {
      throw this.failure(e);
    }
    let last: SQLInputValue = null;
    while (true) {
      let chunk: unknown[][];
      try {
        const r = (last === null ? first.get(...params) : next.get(...params, last)) as SqlRow;
        if (r.last === null) return;
        last = r.last;
        chunk = JSON.parse(String(r.chunk));
      } catch (e) {
        throw this.failure(e);
      }
      yield* chunk;
    }
  }

  /** Run statements that return nothing (temp tables and indexes; the trace itself is read-only). */
  exec(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (e) {
      throw this.failure(e);
    }
  }

  /** The first row of a statement, or undefined. */
  first(sql: string, params: SQLInputValue[] = []): SqlRow | undefined {
    for (const r of this.rows(sql, params)) return r;
    return undefined;
  }

  /**
   * A lookup of strings by integer id from `SELECT <text> FROM <table> WHERE
   * id = ?` (then `extra` parameters), cached so each distinct id is read
   * once and the same string object is returned every time (cheap to intern).
   */
  stringLookup(sql: string, extra: SQLInputValue[] = []): (id: unknown) => string | null {
    const cache = new Map<number | string, string | null>();
    let stmt: StatementSync;
    try {
      stmt = this.db.prepare(sql);
    } catch (e) {
      throw this.failure(e);
    }
    return (id) => {
      const key = typeof id === "bigint" ? Number(id) : id;
      if (typeof key !== "number" && typeof key !== "string") return null;
      let s = cache.get(key);
      if (s === undefined) {
        try {
          const row = stmt.get(key, ...extra) as SqlRow | undefined;
          s = row ? text(Object.values(row)[0]) : null;
        } catch (e) {
          throw this.failure(e);
        }
        cache.set(key, s);
      }
      return s;
    };
  }

  private failure(e: unknown): Error {
    if (e instanceof InputError) return e;
    return new InputError(this.file, `unreadable SQLite data (${sqliteMessage(e)})`);
  }
}

function sqliteMessage(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split("\n")[0];
}

/**
 * Compare the page count the header records (when the header says it is
 * valid) with the file's size: a copy cut short is an InputError.
 */
async function checkWhole(file: string, plainPath: string): Promise<void> {
  const f = await Deno.open(plainPath);
  let header: Uint8Array;
  let size: number;
  try {
    size = (await f.stat()).size;
    header = new Uint8Array(HEADER_BYTES);
    let got = 0;
    while (got < HEADER_BYTES) {
      const r = await f.read(header.subarray(got));
      if (r === null) break;
      got += r;
    }
    if (got < HEADER_BYTES) {
      throw new InputError(file, `truncated SQLite file (${size} bytes, no full header)`);
    }
  } finally {
    f.close();
  }
  const view = new DataView(header.buffer);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = view.getUint32(28);
  const headerValid = view.getUint32(24) === view.getUint32(92);
  if (headerValid && pages > 0 && size < pageSize * pages) {
    throw new InputError(
      file,
      `truncated SQLite file: the header records ${pages} pages of ${pageSize} bytes (${
        pageSize * pages
      } bytes) but the file has ${size}`,
    );
  }
}

/** What a SQLite trace format module supplies to {@link sqliteFormat}. */
export interface SqliteFormatSpec {
  id: string;
  title: string;
  sniff(file: InputFile): boolean;
  /** Stream one file into the writer. */
  ingestFile(file: InputFile, writer: RunWriter): Promise<void>;
  /** What the files should have held, for the error when they held nothing. */
  expected: string;
}

/**
 * A format over SQLite files: each file streamed in turn; files with no
 * kernels, memory operations or markers at all are an InputError rather
 * than an empty run.
 */
export function sqliteFormat(spec: SqliteFormatSpec): TraceFormat {
  return {
    id: spec.id,
    title: spec.title,
    sniff: spec.sniff,
    async ingest(files, writer) {
      for (const f of files) await spec.ingestFile(f, writer);
      const c = writer.counts;
      if (c.dispatches === 0 && c.memory_ops === 0 && c.markers === 0) {
        throw new InputError(files[0].path, `expected ${spec.expected} (found none)`);
      }
    },
  };
}
