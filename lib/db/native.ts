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
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
} from "@duckdb/node-api";
import { batchLength, type ColumnBatch, type Engine, type Param, type Row } from "./engine.ts";
import { toPlain } from "./plain.ts";

const CHUNK_ROWS = 2048;

/** Open a native DuckDB database at `path` (`:memory:` for an in-memory one). */
export async function openNative(path: string): Promise<Engine> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  return new NativeEngine(path, instance, conn);
}

class NativeEngine implements Engine {
  readonly kind = "native" as const;
  #columns = new Map<string, { name: string; type: DuckDBType }[]>();

  constructor(
    readonly path: string,
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
  ) {}

  async exec(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async query<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params.length ? params as DuckDBValue[] : undefined);
    return reader.getRowObjectsJS().map((r) => {
      const out: Row = {};
      for (const k in r) out[k] = toPlain(r[k]);
      return out as T;
    });
  }

  async append(table: string, batch: ColumnBatch): Promise<void> {
    const n = batchLength(batch);
    if (n === 0) return;
    const cols = await this.tableColumns(table);
    const appender = await this.conn.createAppender(table);
    const types = cols.map((c) => c.type);
    const convert = cols.map((c) => converterFor(c.type.typeId));
    for (let off = 0; off < n; off += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, n - off);
      const chunk = DuckDBDataChunk.create(types, rows);
      const columns: DuckDBValue[][] = cols.map((c, i) => {
        const src = batch[c.name];
        const out = new Array<DuckDBValue>(rows);
        if (!src) return out.fill(null);
        const conv = convert[i];
        for (let r = 0; r < rows; r++) out[r] = conv(src[off + r]);
        return out;
      });
      chunk.setColumns(columns);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
    appender.closeSync();
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

  private async tableColumns(table: string) {
    let cols = this.#columns.get(table);
    if (!cols) {
      const reader = await this.conn.runAndReadAll(`SELECT * FROM ${table} LIMIT 0`);
      cols = reader.columnNames().map((name, i) => ({ name, type: reader.columnType(i) }));
      this.#columns.set(table, cols);
    }
    return cols;
  }
}

type Convert = (v: Param | undefined) => DuckDBValue;

function converterFor(typeId: DuckDBTypeId): Convert {
  switch (typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
      return (v) =>
        v === null || v === undefined ? null : typeof v === "bigint" ? v : BigInt(Math.round(Number(v)));
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UTINYINT:
      return (v) => (v === null || v === undefined ? null : Number(v));
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
      return (v) => (v === null || v === undefined ? null : Number(v));
    case DuckDBTypeId.BOOLEAN:
      return (v) => (v === null || v === undefined ? null : Boolean(v));
    default:
      return (v) => (v === null || v === undefined ? null : String(v));
  }
}
