/**
 * The engine layer: one small interface over DuckDB, with a native adapter
 * (`@duckdb/node-api`, the default) and a WebAssembly adapter
 * (`@duckdb/duckdb-wasm`, in memory only).
 *
 * Everything above this layer (store, ingest, analysis, reports) talks to an
 * {@link Engine} and never to a DuckDB package directly.
 *
 * @module
 */

/** A value as returned to callers: plain JavaScript, never a DuckDB wrapper. */
export type Plain =
  | null
  | boolean
  | number
  | bigint
  | string
  | Plain[]
  | { [key: string]: Plain };

/** One result row: column name to plain value. */
export type Row = Record<string, Plain>;

/** A value that can be bound to a `?` or `$name` parameter. */
export type Param = null | boolean | number | bigint | string;

/** Which DuckDB build runs the SQL. */
export type EngineKind = "native" | "wasm";

/**
 * A batch of rows for bulk loading, column-major: every array has the same
 * length. Columns of the table that are absent from the batch are NULL.
 * Numbers bound for BIGINT columns may be `number` (integers) or `bigint`.
 */
export type ColumnBatch = Record<string, ArrayLike<Param>>;

/** The engine: run SQL, read rows, bulk-load, transact, close. */
export interface Engine {
  /** `native` or `wasm`. */
  readonly kind: EngineKind;
  /** Where the database lives: a file path, or `:memory:`. */
  readonly path: string;
  /** Run one or more statements that return nothing the caller needs. */
  exec(sql: string): Promise<void>;
  /**
   * Run one statement with bound parameters and return its rows as plain
   * objects. 64-bit integers come back as `number` when they fit in a double
   * exactly and as `bigint` otherwise; DECIMAL and HUGEINT come back as
   * `number`; timestamps as ISO strings; lists and structs as arrays and
   * objects.
   */
  query<T extends Row = Row>(sql: string, params?: Param[]): Promise<T[]>;
  /** Append a batch of rows to an existing table (DuckDB's appender or Arrow insert). */
  append(table: string, batch: ColumnBatch): Promise<void>;
  /**
   * The name under which this engine's SQL reads a local file (`read_csv` and
   * friends): the path itself on native; on wasm the file is first made
   * visible to the engine's virtual file system.
   */
  fileRef(path: string): string;
  /** Run `fn` inside BEGIN/COMMIT; ROLLBACK and rethrow when it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Release the database (flushes a file database). */
  close(): Promise<void>;
}

/** Number of rows in a column batch (0 when it has no columns). */
export function batchLength(batch: ColumnBatch): number {
  for (const key in batch) return batch[key].length;
  return 0;
}

/**
 * Normalise a DuckDB integer value to the plain contract: `number` when it is
 * a safe integer, `bigint` otherwise.
 */
export function plainInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}
