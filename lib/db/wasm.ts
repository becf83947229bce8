/**
 * WebAssembly DuckDB adapter (`@duckdb/duckdb-wasm`, blocking node bundle):
 * in memory only, no extensions (autoload is switched off because it hangs
 * offline), roughly 3 GiB of working memory at most.
 *
 * @module
 */
import * as duckdb from "@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs";
import * as arrow from "apache-arrow";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { UsageError } from "../cli/errors.ts";
import {
  batchLength,
  type ColumnBatch,
  type Engine,
  type Param,
  plainInteger,
  type Row,
} from "./engine.ts";
import { toPlain } from "./plain.ts";

type Conn = ReturnType<duckdb.DuckDBBindings["connect"]>;

/** Open an in-memory DuckDB-wasm database. */
export async function openWasm(): Promise<Engine> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const dist = entry.slice(0, entry.lastIndexOf("/") + 1);
  const bundles = {
    mvp: { mainModule: dist + "duckdb-mvp.wasm", mainWorker: dist + "duckdb-node-mvp.worker.cjs" },
    eh: { mainModule: dist + "duckdb-eh.wasm", mainWorker: dist + "duckdb-node-eh.worker.cjs" },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  const conn = db.connect();
  conn.query("SET autoinstall_known_extensions=false");
  conn.query("SET autoload_known_extensions=false");
  return new WasmEngine(db, conn);
}

class WasmEngine implements Engine {
  readonly kind = "wasm" as const;
  readonly path = ":memory:";
  #columns = new Map<string, arrow.Field[]>();
  #files = new Set<string>();

  constructor(private db: duckdb.DuckDBBindings, private conn: Conn) {}

  exec(sql: string): Promise<void> {
    try {
      this.conn.query(sql);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(wasmError(e));
    }
  }

  query<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    try {
      let table: arrow.Table;
      if (params.length) {
        const stmt = this.conn.prepare(sql);
        try {
          // the wasm bindings serialise parameters as JSON, which has no 64-bit
          // integers: unsafe bigints go as text and DuckDB casts them back
          table = stmt.query(
            ...params.map((p) =>
              typeof p === "bigint" ? (plainInteger(p) === p ? p.toString() : Number(p)) : p
            ),
          );
        } finally {
          stmt.close();
        }
      } else {
        table = this.conn.query(sql);
      }
      return Promise.resolve(tableRows(table) as T[]);
    } catch (e) {
      return Promise.reject(wasmError(e));
    }
  }

  async append(table: string, batch: ColumnBatch): Promise<void> {
    const n = batchLength(batch);
    if (n === 0) return;
    const fields = await this.tableFields(table);
    const data: Record<string, arrow.Vector> = {};
    for (const f of fields) {
      data[f.name] = arrowColumn(batch[f.name], appendType(f.type), n, f.name);
    }
    try {
      this.conn.insertArrowFromIPCStream(arrow.tableToIPC(new arrow.Table(data), "stream"), {
        name: table,
        create: false,
      });
    } catch (e) {
      throw wasmError(e);
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.exec("BEGIN TRANSACTION");
    try {
      const out = await fn();
      await this.exec("COMMIT");
      return out;
    } catch (e) {
      await this.exec("ROLLBACK").catch(() => {});
      throw e;
    }
  }

  fileRef(path: string): string {
    const abs = resolve(path);
    if (!this.#files.has(abs)) {
      // DuckDB-wasm reads the file through node's fs, block by block, not into memory
      this.db.registerFileURL(abs, abs, duckdb.DuckDBDataProtocol.NODE_FS, false);
      this.#files.add(abs);
    }
    return abs;
  }

  close(): Promise<void> {
    for (const f of this.#files) this.db.dropFile(f);
    this.conn.close();
    this.db.reset();
    return Promise.resolve();
  }

  private tableFields(table: string): arrow.Field[] {
    let fields = this.#columns.get(table);
    if (!fields) {
      fields = this.conn.query(`SELECT * FROM ${table} LIMIT 0`).schema.fields;
      this.#columns.set(table, fields);
    }
    return fields;
  }
}

/** A fresh Arrow type of this module's Arrow build for a column type reported by DuckDB-wasm. */
function appendType(t: arrow.DataType): arrow.DataType {
  if (arrow.DataType.isInt(t)) {
    switch (t.bitWidth) {
      case 8:
        return new arrow.Int8();
      case 16:
        return new arrow.Int16();
      case 32:
        return new arrow.Int32();
      default:
        return new arrow.Int64();
    }
  }
  if (arrow.DataType.isFloat(t)) return new arrow.Float64();
  if (arrow.DataType.isBool(t)) return new arrow.Bool();
  return new arrow.Utf8();
}

/**
 * An Arrow vector of `n` values of a batch column (absent: all NULL).
 * Integer and float columns are filled as typed arrays with a validity
 * bitmap (64-bit integers word by word, without a BigInt per value); other
 * types go through Arrow's builder.
 */
function arrowColumn(
  src: ArrayLike<Param> | undefined,
  type: arrow.DataType,
  n: number,
  column: string,
): arrow.Vector {
  const fixed = arrow.DataType.isInt(type) || arrow.DataType.isFloat(type);
  if (!fixed || !src) {
    const values = new Array(n);
    for (let i = 0; i < n; i++) values[i] = src ? coerce(src[i], type) : null;
    return arrow.vectorFromArray(values, type);
  }
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  const width = arrow.DataType.isInt(type) ? type.bitWidth : 64;
  const buffer = new ArrayBuffer(n * (width / 8));
  const words = new Uint32Array(width === 64 ? buffer : new ArrayBuffer(0));
  const big = width === 64 && arrow.DataType.isInt(type) ? new BigInt64Array(buffer) : null;
  const items = width === 8
    ? new Int8Array(buffer)
    : width === 16
    ? new Int16Array(buffer)
    : width === 32
    ? new Int32Array(buffer)
    : new Float64Array(buffer);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (v === null || v === undefined) {
      nulls++;
      continue;
    }
    bitmap[i >> 3] |= 1 << (i & 7);
    if (!big) items[i] = Number(v);
    else if (typeof v === "bigint") {
      if (BigInt.asIntN(64, v) !== v) throw new Error(`${column}: ${v} is out of BIGINT range`);
      big[i] = v;
    } else {
      const x = Math.round(Number(v));
      if (!Number.isFinite(x)) throw new Error(`${column}: ${v} is not a BIGINT`);
      const hi = Math.floor(x / 4294967296);
      words[2 * i] = x - hi * 4294967296;
      words[2 * i + 1] = hi;
    }
  }
  const props = { length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : undefined };
  return arrow.DataType.isInt(type)
    ? arrow.makeVector(
      arrow.makeData({
        ...props,
        type: type as arrow.Int,
        data: (big ?? items) as arrow.Int["TArray"],
      }),
    )
    : arrow.makeVector(
      arrow.makeData({ ...props, type: type as arrow.Float, data: items as arrow.Float["TArray"] }),
    );
}

function coerce(v: Param | undefined, type: arrow.DataType): unknown {
  if (v === null || v === undefined) return null;
  if (arrow.DataType.isInt(type)) {
    if (type.bitWidth === 64) return typeof v === "bigint" ? v : BigInt(Math.round(Number(v)));
    return Number(v);
  }
  if (arrow.DataType.isFloat(type)) return Number(v);
  if (arrow.DataType.isBool(type)) return Boolean(v);
  return String(v);
}

function tableRows(table: arrow.Table): Row[] {
  const fields = table.schema.fields;
  const cols = fields.map((f, i) => ({ name: f.name, type: f.type, vec: table.getChildAt(i)! }));
  const out: Row[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (const c of cols) row[c.name] = arrowValue(c.vec.get(r), c.type);
    out[r] = row;
  }
  return out;
}

function arrowValue(v: unknown, type: arrow.DataType): ReturnType<typeof toPlain> {
  if (v === null || v === undefined) return null;
  if (arrow.DataType.isDecimal(type)) {
    const raw = BigInt(String(v));
    return Number(raw) / 10 ** type.scale;
  }
  if (arrow.DataType.isTimestamp(type) || arrow.DataType.isDate(type)) {
    return new Date(Number(v)).toISOString();
  }
  if (arrow.DataType.isList(type)) {
    const child = (type as arrow.List).children[0].type;
    return Array.from(v as Iterable<unknown>, (x) => arrowValue(x, child));
  }
  if (arrow.DataType.isStruct(type)) {
    const out: Record<string, ReturnType<typeof toPlain>> = {};
    const s = v as Record<string, unknown>;
    for (const f of (type as arrow.Struct).children) out[f.name] = arrowValue(s[f.name], f.type);
    return out;
  }
  return toPlain(v);
}

/**
 * An error of the wasm build as the caller should see it: running out of its
 * memory (DuckDB's memory limit of about 3 GiB, or the WebAssembly heap
 * itself) is a usage error naming the native engine, not a crash.
 */
export function wasmError(e: unknown): Error {
  const msg = e instanceof Error ? e.message : String(e);
  if (
    /out of memory|memory access out of bounds|Cannot allocate|OutOfMemory|Aborted\(OOM/i.test(msg)
  ) {
    return new UsageError(
      `the wasm engine ran out of memory (about 3 GiB is its ceiling): use the native engine (--engine native) for this input`,
    );
  }
  return e instanceof Error ? e : new Error(msg);
}
