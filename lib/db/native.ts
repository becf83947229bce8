/**
 * Native DuckDB adapter (`@duckdb/node-api`): the default engine, with file
 * persistence, JSON/Parquet and multi-threaded execution.
 *
 * @module
 */
import {
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBValue,
} from "@duckdb/node-api";
import bindings, { type LogicalType } from "@duckdb/node-bindings";
import { batchLength, type ColumnBatch, type Engine, type Param, type Row } from "./engine.ts";
import { toPlain } from "./plain.ts";

/** Rows per data chunk: DuckDB's vector size, the most a chunk holds. */
const CHUNK_ROWS = 2048;

/** Open a native DuckDB database at `path` (`:memory:` for an in-memory one). */
export async function openNative(path: string): Promise<Engine> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  return new NativeEngine(path, instance, conn);
}

class NativeEngine implements Engine {
  readonly kind = "native" as const;
  #targets = new Map<string, AppendTarget>();

  constructor(
    readonly path: string,
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
  ) {}

  async exec(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  fileRef(path: string): string {
    return path;
  }

  async query<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(
      sql,
      params.length ? params as DuckDBValue[] : undefined,
    );
    return reader.getRowObjectsJS().map((r) => {
      const out: Row = {};
      for (const k in r) out[k] = toPlain(r[k]);
      return out as T;
    });
  }

  async append(table: string, batch: ColumnBatch): Promise<void> {
    const n = batchLength(batch);
    if (n === 0) return;
    const { names, logicalTypes, writers } = await this.appendTarget(table);
    const appender = await this.conn.createAppender(table);
    try {
      for (let off = 0; off < n; off += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, n - off);
        const chunk = new DuckDBDataChunk(bindings.create_data_chunk(logicalTypes));
        chunk.rowCount = rows;
        for (let i = 0; i < names.length; i++) {
          const src = batch[names[i]];
          if (src) writers[i](chunk, i, src, off, rows);
          else writeNulls(chunk, i, rows);
        }
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } catch (e) {
      appender.clear(); // drop what is not flushed yet; the caller's transaction undoes the rest
      throw e;
    } finally {
      appender.closeSync();
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run("BEGIN TRANSACTION");
    try {
      const out = await fn();
      await this.conn.run("COMMIT");
      return out;
    } catch (e) {
      await this.conn.run("ROLLBACK").catch(() => {});
      throw e;
    }
  }

  close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    return Promise.resolve();
  }

  /** The table's columns with their chunk types and writers, looked up once per table. */
  private async appendTarget(table: string): Promise<AppendTarget> {
    let target = this.#targets.get(table);
    if (!target) {
      const reader = await this.conn.runAndReadAll(`SELECT * FROM ${table} LIMIT 0`);
      const names = reader.columnNames();
      const types = names.map((_, i) => reader.columnType(i));
      target = {
        names,
        logicalTypes: types.map((t) => t.toLogicalType().logical_type),
        writers: types.map((t, i) => columnWriter(t.typeId, names[i])),
      };
      this.#targets.set(table, target);
    }
    return target;
  }
}

/**
 * What appending to one table needs: its column names in order, their types
 * for new data chunks, and a writer per column (whose scratch buffers are
 * reused: appends fill their chunks synchronously, one at a time).
 */
interface AppendTarget {
  names: string[];
  logicalTypes: LogicalType[];
  writers: ColumnWriter[];
}

/**
 * Writes rows [off, off + rows) of a batch column into column `index` of a
 * data chunk. Fixed-width columns are filled as typed arrays and copied into
 * the chunk's vector in one call (the values and the validity mask), which
 * avoids a wrapper object and a BigInt per value; other types go through the
 * client's converting setter.
 */
type ColumnWriter = (
  chunk: DuckDBDataChunk,
  index: number,
  src: ArrayLike<Param>,
  off: number,
  rows: number,
) => void;

/** Validity words of one chunk: bit r set when row r is not NULL (little-endian uint64 words as uint32 pairs). */
class Validity {
  readonly words = new Uint32Array(CHUNK_ROWS / 32);
  #nulls = false;
  reset(rows: number) {
    this.words.fill(0xffffffff, 0, Math.ceil(rows / 32));
    this.#nulls = false;
  }
  setNull(row: number) {
    this.words[row >>> 5] &= ~(1 << (row & 31));
    this.#nulls = true;
  }
  /** Copy the mask into the vector when any row is NULL (no mask means all valid). */
  flush(vector: ReturnType<typeof bindings.data_chunk_get_vector>, rows: number) {
    if (!this.#nulls) return;
    bindings.vector_ensure_validity_writable(vector);
    const bytes = Math.ceil(rows / 64) * 8;
    bindings.copy_data_to_vector_validity(vector, 0, this.words.buffer, 0, bytes);
  }
}

const TWO_32 = 4294967296;

function columnWriter(typeId: DuckDBTypeId, column: string): ColumnWriter {
  const validity = new Validity();
  switch (typeId) {
    case DuckDBTypeId.BIGINT: {
      const buffer = new ArrayBuffer(CHUNK_ROWS * 8);
      const words = new Uint32Array(buffer);
      const big = new BigInt64Array(buffer);
      return (chunk, index, src, off, rows) => {
        validity.reset(rows);
        if (src instanceof Float64Array) int64FromDoubles(words, src, off, rows, column);
        else {
          for (let r = 0; r < rows; r++) {
            const v = src[off + r];
            if (v === null || v === undefined) {
              validity.setNull(r);
              words[2 * r] = 0;
              words[2 * r + 1] = 0;
            } else if (typeof v === "bigint") {
              if (BigInt.asIntN(64, v) !== v) {
                throw new Error(`${column}: ${v} is out of BIGINT range`);
              }
              big[r] = v;
            } else {
              const x = Math.round(Number(v));
              if (!Number.isFinite(x) || x < -(2 ** 63) || x >= 2 ** 63) {
                throw new Error(`${column}: ${v} is not a BIGINT`);
              }
              const hi = Math.floor(x / TWO_32);
              words[2 * r] = x - hi * TWO_32;
              words[2 * r + 1] = hi;
            }
          }
        }
        const vector = bindings.data_chunk_get_vector(chunk.chunk, index);
        bindings.copy_data_to_vector(vector, 0, buffer, 0, rows * 8);
        validity.flush(vector, rows);
      };
    }
    case DuckDBTypeId.INTEGER: {
      const items = new Int32Array(CHUNK_ROWS);
      return (chunk, index, src, off, rows) => {
        validity.reset(rows);
        if (src instanceof Float64Array) int32FromDoubles(items, src, off, rows, column);
        else {
          for (let r = 0; r < rows; r++) {
            const v = src[off + r];
            if (v === null || v === undefined) {
              validity.setNull(r);
              items[r] = 0;
            } else {
              const x = Number(v);
              if (!Number.isInteger(x) || x < -2147483648 || x > 2147483647) {
                throw new Error(`${column}: ${v} is not an INTEGER`);
              }
              items[r] = x;
            }
          }
        }
        const vector = bindings.data_chunk_get_vector(chunk.chunk, index);
        bindings.copy_data_to_vector(vector, 0, items.buffer, 0, rows * 4);
        validity.flush(vector, rows);
      };
    }
    case DuckDBTypeId.DOUBLE: {
      const items = new Float64Array(CHUNK_ROWS);
      return (chunk, index, src, off, rows) => {
        validity.reset(rows);
        for (let r = 0; r < rows; r++) {
          const v = src[off + r];
          if (v === null || v === undefined) {
            validity.setNull(r);
            items[r] = 0;
          } else items[r] = Number(v);
        }
        const vector = bindings.data_chunk_get_vector(chunk.chunk, index);
        bindings.copy_data_to_vector(vector, 0, items.buffer, 0, rows * 8);
        validity.flush(vector, rows);
      };
    }
    case DuckDBTypeId.BOOLEAN:
      if (bindings.sizeof_bool === 1) {
        const items = new Uint8Array(CHUNK_ROWS);
        return (chunk, index, src, off, rows) => {
          validity.reset(rows);
          for (let r = 0; r < rows; r++) {
            const v = src[off + r];
            if (v === null || v === undefined) {
              validity.setNull(r);
              items[r] = 0;
            } else items[r] = v ? 1 : 0;
          }
          const vector = bindings.data_chunk_get_vector(chunk.chunk, index);
          bindings.copy_data_to_vector(vector, 0, items.buffer, 0, rows);
          validity.flush(vector, rows);
        };
      }
      return convertingWriter(typeId);
    case DuckDBTypeId.VARCHAR:
      return (chunk, index, src, off, rows) => {
        validity.reset(rows);
        const vector = bindings.data_chunk_get_vector(chunk.chunk, index);
        for (let r = 0; r < rows; r++) {
          const v = src[off + r];
          if (v === null || v === undefined) validity.setNull(r);
          else bindings.vector_assign_string_element(vector, r, String(v));
        }
        validity.flush(vector, rows);
      };
    default:
      return convertingWriter(typeId);
  }
}

/**
 * Doubles (no NULLs) as BIGINT values: each rounded, written as little-endian
 * int64 words (uint32 pairs). A typed-array source gets this loop of its own,
 * which stays fast where one loop over mixed sources would not.
 */
function int64FromDoubles(
  words: Uint32Array,
  src: Float64Array,
  off: number,
  rows: number,
  column: string,
) {
  for (let r = 0; r < rows; r++) {
    const v = src[off + r];
    const x = Math.round(v);
    if (!(x >= -(2 ** 63) && x < 2 ** 63)) throw new Error(`${column}: ${v} is not a BIGINT`);
    const hi = Math.floor(x / TWO_32);
    words[2 * r] = x - hi * TWO_32;
    words[2 * r + 1] = hi;
  }
}

/** Doubles (no NULLs) as INTEGER values; a fraction or one out of range throws. */
function int32FromDoubles(
  items: Int32Array,
  src: Float64Array,
  off: number,
  rows: number,
  column: string,
) {
  for (let r = 0; r < rows; r++) {
    const x = src[off + r];
    if ((x | 0) !== x) throw new Error(`${column}: ${x} is not an INTEGER`);
    items[r] = x;
  }
}

/** Validity words of an all-NULL chunk column (never written). */
const ALL_NULL = new Uint32Array(CHUNK_ROWS / 32);

/** A column of all NULLs. */
function writeNulls(chunk: DuckDBDataChunk, index: number, rows: number) {
  const vector = bindings.data_chunk_get_vector(chunk.chunk, index);
  bindings.vector_ensure_validity_writable(vector);
  bindings.copy_data_to_vector_validity(vector, 0, ALL_NULL.buffer, 0, Math.ceil(rows / 64) * 8);
}

/** The client's own setter, each value converted to what it expects for the type. */
function convertingWriter(typeId: DuckDBTypeId): ColumnWriter {
  const convert = converterFor(typeId);
  return (chunk, index, src, off, rows) => {
    const out = new Array<DuckDBValue>(rows);
    for (let r = 0; r < rows; r++) out[r] = convert(src[off + r]);
    chunk.setColumnValues(index, out);
  };
}

type Convert = (v: Param | undefined) => DuckDBValue;

function converterFor(typeId: DuckDBTypeId): Convert {
  switch (typeId) {
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
      return (v) =>
        v === null || v === undefined
          ? null
          : typeof v === "bigint"
          ? v
          : BigInt(Math.round(Number(v)));
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.FLOAT:
      return (v) => (v === null || v === undefined ? null : Number(v));
    case DuckDBTypeId.BOOLEAN:
      return (v) => (v === null || v === undefined ? null : Boolean(v));
    default:
      return (v) => (v === null || v === undefined ? null : String(v));
  }
}
