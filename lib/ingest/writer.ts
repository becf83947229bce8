/**
 * RunWriter: what every format module writes canonical rows into. It interns
 * kernel names store-wide, numbers ranks, buffers rows column-major and
 * bulk-loads them through the engine's appender in batches.
 *
 * @module
 */
import type { ColumnBatch, Engine, Param } from "../db/engine.ts";

/** A kernel dispatch as a format module hands it over. */
export interface DispatchRow {
  rank: number;
  device?: number | null;
  queue?: number | bigint | null;
  stream?: number | bigint | null;
  name: string;
  start_ns: number | bigint;
  end_ns: number | bigint;
  correlation_id?: number | bigint | null;
  grid_x?: number | null;
  grid_y?: number | null;
  grid_z?: number | null;
  block_x?: number | null;
  block_y?: number | null;
  block_z?: number | null;
  vgpr?: number | null;
  sgpr?: number | null;
  lds_bytes?: number | null;
  scratch_bytes?: number | null;
  graph_replay?: boolean | null;
}

/** A marker or range. */
export interface MarkerRow {
  rank: number;
  device?: number | null;
  name: string;
  kind: "profiler_step" | "annotation" | "gpu_annotation" | "roctx" | "nvtx";
  start_ns: number | bigint;
  end_ns: number | bigint;
  step_kind?: "decode" | "prefill" | "mixed" | null;
  batch_size?: number | null;
  num_tokens?: number | null;
}

/** A memory copy or memset. */
export interface MemoryOpRow {
  rank: number;
  device?: number | null;
  stream?: number | bigint | null;
  kind: "copy" | "memset";
  direction?: string | null;
  bytes?: number | bigint | null;
  start_ns: number | bigint;
  end_ns: number | bigint;
  name?: string | null;
}

/** A host API call. */
export interface ApiCallRow {
  rank: number;
  thread?: number | bigint | null;
  name: string;
  start_ns: number | bigint;
  end_ns: number | bigint;
  correlation_id?: number | bigint | null;
}

/** An aggregate row for aggregate-only inputs. */
export interface KernelStatRow {
  rank: number;
  name: string;
  calls: number | bigint;
  total_ns: number | bigint;
  min_ns?: number | bigint | null;
  max_ns?: number | bigint | null;
}

/** Facts about the run that format modules discover while reading. */
export interface RunFacts {
  device_name?: string | null;
  arch?: string | null;
  framework?: string | null;
  aggregate_only?: boolean;
}

const FLUSH_ROWS = 65536;

/** Column-major buffer for one table, filled row by row at index `length`. */
class TableBuffer {
  columns!: Record<string, Param[]>;
  length = 0;
  constructor(readonly table: string, readonly names: readonly string[]) {
    this.reset();
  }
  reset() {
    const columns: Record<string, Param[]> = {};
    for (const n of this.names) columns[n] = [];
    this.columns = columns;
    this.length = 0;
  }
  /** The buffered rows as a batch. */
  batch(): ColumnBatch {
    return this.columns;
  }
}

/**
 * One numeric column of the dispatch buffer, filled by index: a Float64Array
 * while the values are numbers (NULLs marked aside), so that a row costs no
 * allocation; a plain array from the first bigint or boolean on. The arrays
 * are reused after each flush (writers await every flush before adding rows).
 */
class NumberColumn {
  #values = new Float64Array(FLUSH_ROWS);
  #isNull = new Uint8Array(FLUSH_ROWS);
  #nulls = 0;
  #plain: Param[] | null = null;

  /** Empty the column for the next batch. */
  clear() {
    if (this.#nulls) this.#isNull.fill(0);
    this.#nulls = 0;
    this.#plain = null;
  }

  set(i: number, v: Param | undefined) {
    if (this.#plain) this.#plain[i] = v ?? null;
    else if (typeof v === "number") this.#values[i] = v;
    else if (v === null || v === undefined) {
      this.#isNull[i] = 1;
      this.#nulls++;
    } else {
      this.#plain = this.#toPlain(i);
      this.#plain[i] = v;
    }
  }

  #toPlain(n: number): Param[] {
    const out: Param[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.#isNull[i] ? null : this.#values[i];
    return out;
  }

  /** The first `n` values as a batch column; undefined when all are NULL (an absent column is NULL). */
  take(n: number): ArrayLike<Param> | undefined {
    if (this.#plain) return this.#plain;
    if (this.#nulls === n) return undefined;
    return this.#nulls === 0 ? this.#values.subarray(0, n) : this.#toPlain(n);
  }
}

/** The dispatch buffer: every kernel_dispatches column is numeric (or boolean). */
class DispatchBuffer {
  readonly table = "kernel_dispatches";
  readonly columns: Record<typeof DISPATCH_COLUMNS[number], NumberColumn>;
  length = 0;
  constructor() {
    const columns = {} as Record<typeof DISPATCH_COLUMNS[number], NumberColumn>;
    for (const n of DISPATCH_COLUMNS) columns[n] = new NumberColumn();
    this.columns = columns;
  }
  reset() {
    for (const n of DISPATCH_COLUMNS) this.columns[n].clear();
    this.length = 0;
  }
  /** The buffered rows as a batch. */
  batch(): ColumnBatch {
    const out: ColumnBatch = {};
    for (const n of DISPATCH_COLUMNS) {
      const c = this.columns[n].take(this.length);
      if (c) out[n] = c;
    }
    return out;
  }
}

const DISPATCH_COLUMNS = [
  "run_id",
  "rank",
  "device",
  "queue",
  "stream",
  "name_id",
  "start_ns",
  "end_ns",
  "correlation_id",
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
  "graph_replay",
] as const; // deno-fmt-ignore
const MARKER_COLUMNS = [
  "run_id", "rank", "device", "name", "kind", "start_ns", "end_ns", "step_kind",
  "batch_size", "num_tokens",
] as const; // deno-fmt-ignore
const MEMORY_COLUMNS = [
  "run_id", "rank", "device", "stream", "kind", "direction", "bytes", "start_ns", "end_ns", "name",
] as const; // deno-fmt-ignore
const API_COLUMNS = [
  "run_id", "rank", "thread", "name", "start_ns", "end_ns", "correlation_id",
] as const; // deno-fmt-ignore
const STAT_COLUMNS = [
  "run_id", "rank", "name_id", "calls", "total_ns", "min_ns", "max_ns",
] as const; // deno-fmt-ignore

/**
 * The least start and greatest end of some rows, as BIGINT columns store them
 * (numbers rounded as the appender rounds them).
 */
class StoredSpan {
  #start: number | bigint | null = null;
  #end: number | bigint | null = null;

  add(start: number | bigint, end: number | bigint) {
    if (typeof start === "number" || typeof start === "bigint") {
      if (this.#start === null || start < this.#start) this.#start = start;
    }
    if (typeof end === "number" || typeof end === "bigint") {
      if (this.#end === null || end > this.#end) this.#end = end;
    }
  }

  /** The span, null ends where no row had a value (rounding keeps the order, so it applies last). */
  stored(): { start: number | bigint | null; end: number | bigint | null } {
    const round = (v: number | bigint | null) => typeof v === "number" ? Math.round(v) : v;
    return { start: round(this.#start), end: round(this.#end) };
  }
}

/**
 * Collects one run's rows. Create with {@link RunWriter.open} inside the ingest
 * transaction; call {@link RunWriter.finish} at the end.
 */
export class RunWriter {
  /** Facts gathered so far (device, arch, framework). */
  readonly facts: RunFacts = {};
  /** Free-form metadata to store in run_meta. */
  readonly meta: Record<string, string> = {};
  /** Rows written so far per table. */
  readonly counts = { dispatches: 0, markers: 0, memory_ops: 0, api_calls: 0, kernel_stats: 0 };

  #names: Map<string, number>;
  #newNames: { id: number; name: string }[] = [];
  #nextNameId: number;
  #ranks = new Map<string, number>();
  #dispatches = new DispatchBuffer();
  #markers = new TableBuffer("markers", MARKER_COLUMNS);
  #memory = new TableBuffer("memory_ops", MEMORY_COLUMNS);
  #api = new TableBuffer("api_calls", API_COLUMNS);
  #stats = new TableBuffer("kernel_stats", STAT_COLUMNS);
  #minStart: number | bigint | null = null;
  #maxEnd: number | bigint | null = null;
  #kernelSpan = new StoredSpan();
  #kernelRanks = new Set<number>();
  #lastKernelRank: number | null = null;
  #bulkKernels = false;

  private constructor(
    private engine: Engine,
    readonly runId: number,
    names: Map<string, number>,
    nextNameId: number,
  ) {
    this.#names = names;
    this.#nextNameId = nextNameId;
  }

  /** Start writing run `runId`, loading the store's existing kernel names. */
  static async open(engine: Engine, runId: number): Promise<RunWriter> {
    const rows = await engine.query<{ name: string; name_id: number }>(
      "SELECT name, name_id FROM kernel_names",
    );
    const names = new Map<string, number>();
    let max = 0;
    for (const r of rows) {
      names.set(r.name, r.name_id);
      if (r.name_id > max) max = r.name_id;
    }
    return new RunWriter(engine, runId, names, max + 1);
  }

  /**
   * The 0-based rank for a format-specific key (a file, a pid, a device id):
   * the first key seen is rank 0, the next rank 1, and so on.
   */
  rank(key: string | number): number {
    const k = String(key);
    let r = this.#ranks.get(k);
    if (r === undefined) {
      r = this.#ranks.size;
      this.#ranks.set(k, r);
    }
    return r;
  }

  /** Number of distinct ranks handed out or implied by rows. */
  get rankCount(): number {
    return this.#ranks.size;
  }

  /** The store-wide id of a kernel name, interning it when new. */
  nameId(name: string): number {
    let id = this.#names.get(name);
    if (id === undefined) {
      id = this.#nextNameId++;
      this.#names.set(name, id);
      this.#newNames.push({ id, name });
    }
    return id;
  }

  /**
   * Add one kernel dispatch. Returns a promise only when the row filled the
   * buffer and it is being written: await it then (`await` on every row is
   * harmless too, just slower). The row's values are copied at once, so a
   * caller may refill one row object for every dispatch.
   */
  dispatch(d: DispatchRow): Promise<void> | void {
    const b = this.#dispatches;
    const c = b.columns;
    const i = b.length;
    c.run_id.set(i, this.runId);
    c.rank.set(i, d.rank);
    c.device.set(i, d.device);
    c.queue.set(i, d.queue);
    c.stream.set(i, d.stream);
    c.name_id.set(i, this.nameId(d.name));
    c.start_ns.set(i, d.start_ns);
    c.end_ns.set(i, d.end_ns);
    c.correlation_id.set(i, d.correlation_id);
    c.grid_x.set(i, d.grid_x);
    c.grid_y.set(i, d.grid_y);
    c.grid_z.set(i, d.grid_z);
    c.block_x.set(i, d.block_x);
    c.block_y.set(i, d.block_y);
    c.block_z.set(i, d.block_z);
    c.vgpr.set(i, d.vgpr);
    c.sgpr.set(i, d.sgpr);
    c.lds_bytes.set(i, d.lds_bytes);
    c.scratch_bytes.set(i, d.scratch_bytes);
    c.graph_replay.set(i, d.graph_replay);
    this.#span(d.start_ns, d.end_ns);
    this.#kernelSpan.add(d.start_ns, d.end_ns);
    if (d.rank !== this.#lastKernelRank && typeof d.rank === "number") {
      this.#kernelRanks.add(d.rank);
      this.#lastKernelRank = d.rank;
    }
    this.counts.dispatches++;
    if (++b.length >= FLUSH_ROWS) return this.#flush(b);
  }

  /** Add one marker. */
  marker(m: MarkerRow): Promise<void> | void {
    const b = this.#markers;
    const c = b.columns;
    const i = b.length;
    c.run_id[i] = this.runId;
    c.rank[i] = m.rank;
    c.device[i] = m.device ?? null;
    c.name[i] = m.name;
    c.kind[i] = m.kind;
    c.start_ns[i] = m.start_ns;
    c.end_ns[i] = m.end_ns;
    c.step_kind[i] = m.step_kind ?? null;
    c.batch_size[i] = m.batch_size ?? null;
    c.num_tokens[i] = m.num_tokens ?? null;
    this.counts.markers++;
    if (++b.length >= FLUSH_ROWS) return this.#flush(b);
  }

  /** Add one memory copy or memset. */
  memoryOp(m: MemoryOpRow): Promise<void> | void {
    const b = this.#memory;
    const c = b.columns;
    const i = b.length;
    c.run_id[i] = this.runId;
    c.rank[i] = m.rank;
    c.device[i] = m.device ?? null;
    c.stream[i] = m.stream ?? null;
    c.kind[i] = m.kind;
    c.direction[i] = m.direction ?? null;
    c.bytes[i] = m.bytes ?? null;
    c.start_ns[i] = m.start_ns;
    c.end_ns[i] = m.end_ns;
    c.name[i] = m.name ?? null;
    this.#span(m.start_ns, m.end_ns);
    this.counts.memory_ops++;
    if (++b.length >= FLUSH_ROWS) return this.#flush(b);
  }

  /** Add one host API call. */
  apiCall(a: ApiCallRow): Promise<void> | void {
    const b = this.#api;
    const c = b.columns;
    const i = b.length;
    c.run_id[i] = this.runId;
    c.rank[i] = a.rank;
    c.thread[i] = a.thread ?? null;
    c.name[i] = a.name;
    c.start_ns[i] = a.start_ns;
    c.end_ns[i] = a.end_ns;
    c.correlation_id[i] = a.correlation_id ?? null;
    this.counts.api_calls++;
    if (++b.length >= FLUSH_ROWS) return this.#flush(b);
  }

  /** Add one per-kernel aggregate (aggregate-only inputs). */
  kernelStat(s: KernelStatRow): Promise<void> | void {
    const b = this.#stats;
    const c = b.columns;
    const i = b.length;
    c.run_id[i] = this.runId;
    c.rank[i] = s.rank;
    c.name_id[i] = this.nameId(s.name);
    c.calls[i] = s.calls;
    c.total_ns[i] = s.total_ns;
    c.min_ns[i] = s.min_ns ?? null;
    c.max_ns[i] = s.max_ns ?? null;
    this.counts.kernel_stats++;
    this.facts.aggregate_only = true;
    if (++b.length >= FLUSH_ROWS) return this.#flush(b);
  }

  /**
   * Note rows that a format module bulk-loaded itself with SQL (e.g. DuckDB
   * reading a CSV directly): updates counts and the capture span.
   */
  noteBulk(
    table: keyof RunWriter["counts"],
    rows: number,
    span?: [bigint | number, bigint | number],
  ) {
    this.counts[table] += rows;
    if (table === "dispatches" && rows > 0) this.#bulkKernels = true;
    if (span) this.#span(span[0], span[1]);
  }

  /**
   * The kernels' window (least start, greatest end, as the table stores them)
   * and the number of distinct ranks with kernels, when every dispatch came
   * through {@link RunWriter.dispatch}; null when some were bulk-loaded with
   * SQL (then the table has the answer).
   */
  kernelExtent():
    | { start: number | bigint | null; end: number | bigint | null; ranks: number }
    | null {
    if (this.#bulkKernels) return null;
    return { ...this.#kernelSpan.stored(), ranks: this.#kernelRanks.size };
  }

  /**
   * The engine, for format modules that load with SQL. Rows written through
   * it must be reported with {@link RunWriter.noteBulk}.
   */
  get db(): Engine {
    return this.engine;
  }

  /** Flush all buffers and the new kernel names. */
  async finish(): Promise<{ start: number | bigint | null; end: number | bigint | null }> {
    for (const b of [this.#dispatches, this.#markers, this.#memory, this.#api, this.#stats]) {
      await this.#flush(b);
    }
    await this.flushNames();
    return { start: this.#minStart, end: this.#maxEnd };
  }

  /** Write kernel names interned since the last call (before SQL that joins on them). */
  async flushNames(): Promise<void> {
    if (!this.#newNames.length) return;
    const batch: ColumnBatch = {
      name_id: this.#newNames.map((n) => n.id),
      name: this.#newNames.map((n) => n.name),
    };
    this.#newNames = [];
    await this.engine.append("kernel_names", batch);
  }

  #span(start: number | bigint, end: number | bigint) {
    if (this.#minStart === null || start < this.#minStart) this.#minStart = start;
    if (this.#maxEnd === null || end > this.#maxEnd) this.#maxEnd = end;
  }

  async #flush(b: TableBuffer | DispatchBuffer) {
    if (!b.length) return;
    const batch = b.batch();
    b.reset();
    await this.engine.append(b.table, batch);
  }
}
