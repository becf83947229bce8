/**
 * Writes an RPD (rocmProfileData) SQLite file, schema version 2, as the RPD
 * tracer leaves it when every rank process of a TP run traces into one file:
 * each process is a session whose row ids start at `session << 32` (roctx
 * markers at `+ 2^31`), ops carry the rank's device as `gpuId`. Direct
 * launches are `rocpd_api` + `rocpd_kernelapi` rows linked to a
 * `KernelExecution` op; a graph replay is one `hipGraphLaunch` API row linked
 * to one `Task` op per replayed kernel (no kernelapi rows, as in the real
 * files); each step is a `UserMarker` API row with the step label in `args`.
 *
 * Rows go in through multi-row prepared INSERTs inside one transaction
 * (node:sqlite): about 3× faster than the sqlite3 CLI importing CSV.
 *
 * @module
 */
import { mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { DispatchEvent, LaunchEvent, StepEvent, TraceSink } from "./events.ts";
import type { RankIdentity } from "./ranks.ts";
import { RPD_SCHEMA_VERSION, RPD_V2_DDL } from "./rpd_schema.ts";
import type { RunPlan } from "./schedule.ts";

/** Rows per multi-row INSERT. */
const BATCH_ROWS = 128;
/** First id of a session's roctx marker rows, above its API rows. */
const MARKER_ID_OFFSET = 2 ** 31;
/** Ids of a session start at session × 2^32 (+1). */
const SESSION_STRIDE = 2 ** 32;

/** Buffers rows of one table and inserts them `BATCH_ROWS` at a time. */
class BatchInsert {
  #values: SQLInputValue[];
  #length = 0;
  #full: StatementSync;
  constructor(private db: DatabaseSync, private table: string, private width: number) {
    this.#values = new Array(width * BATCH_ROWS);
    this.#full = this.#statement(BATCH_ROWS);
  }
  #statement(rows: number): StatementSync {
    const row = `(${new Array(this.width).fill("?").join(",")})`;
    return this.db.prepare(
      `INSERT INTO ${this.table} VALUES ${new Array(rows).fill(row).join(",")}`,
    );
  }
  /** Queue one row (exactly `width` values). */
  add(...values: SQLInputValue[]): void {
    for (let i = 0; i < values.length; i++) this.#values[this.#length++] = values[i];
    if (this.#length === this.#values.length) {
      this.#full.run(...this.#values);
      this.#length = 0;
    }
  }
  /** Insert what is queued. */
  finish(): void {
    if (this.#length) {
      this.#statement(this.#length / this.width).run(...this.#values.slice(0, this.#length));
    }
    this.#length = 0;
  }
}

interface RankState {
  id: RankIdentity;
  nextApi: number;
  nextMarker: number;
  nextOp: number;
  /** API row of the launch whose kernel has not been dispatched yet. */
  pendingApi: number;
  /** API row of the current graph launch. */
  graphApi: number;
}

/** Open the RPD writer for `run`; all ranks go into the one file `out`. */
export async function openRpd(
  run: RunPlan,
  ranks: RankIdentity[],
  out: string,
): Promise<TraceSink> {
  await mkdir(dirname(out), { recursive: true });
  await rm(out, { force: true });
  const db = new DatabaseSync(out, { enableForeignKeyConstraints: false });
  db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;");
  db.exec(RPD_V2_DDL);
  db.exec("BEGIN");
  const meta = db.prepare("INSERT INTO rocpd_metadata(tag, value) VALUES (?, ?)");
  meta.run("schema_version", RPD_SCHEMA_VERSION);
  meta.run("session_count", String(ranks.length));
  meta.run("resourceLock::smi_logger_active", "0");

  const strings = new Map<string, number>();
  const insertString = db.prepare("INSERT INTO rocpd_string(id, string) VALUES (?, ?)");
  const str = (s: string): number => {
    let id = strings.get(s);
    if (id === undefined) {
      id = strings.size + 1;
      strings.set(s, id);
      insertString.run(id, s);
    }
    return id;
  };
  const empty = str("");
  const userMarker = str("UserMarker");
  const kernelExecution = str("KernelExecution");
  const task = str("Task");
  const kernelNames = run.palette.kernels.map((k) => str(k.name));

  const ops = new BatchInsert(db, "rocpd_op", 9);
  const apis = new BatchInsert(db, "rocpd_api", 7);
  const apiOps = new BatchInsert(db, "rocpd_api_ops", 3);
  const kernelApis = new BatchInsert(db, "rocpd_kernelapi", 15);
  let apiOpId = 0;

  const state: RankState[] = ranks.map((id) => ({
    id,
    nextApi: id.rank * SESSION_STRIDE + 1,
    nextMarker: id.rank * SESSION_STRIDE + MARKER_ID_OFFSET + 1,
    nextOp: id.rank * SESSION_STRIDE + 1,
    pendingApi: 0,
    graphApi: 0,
  }));

  return {
    launch(e: LaunchEvent) {
      const s = state[e.rank];
      const apiId = s.nextApi++;
      apis.add(apiId, s.id.pid, s.id.pid, e.start, e.end, str(e.api.name), empty);
      const k = e.slot?.kernel;
      if (!k) {
        s.graphApi = apiId;
        return;
      }
      s.pendingApi = apiId;
      kernelApis.add(
        apiId,
        "0x0",
        e.grid,
        1,
        1,
        k.block,
        1,
        1,
        k.lds,
        k.scratch,
        "",
        "",
        "",
        "",
        kernelNames[k.index],
      ); // deno-fmt-ignore
    },
    dispatch(e: DispatchEvent) {
      const s = state[e.rank];
      const opId = s.nextOp++;
      const k = e.slot.kernel;
      const graph = e.slot.graph;
      ops.add(
        opId,
        s.id.device,
        0,
        0,
        "",
        e.start,
        e.end,
        kernelNames[k.index],
        graph ? task : kernelExecution,
      );
      apiOps.add(++apiOpId, graph ? s.graphApi : s.pendingApi, opId);
    },
    step(e: StepEvent) {
      const s = state[e.rank];
      apis.add(s.nextMarker++, s.id.pid, s.id.pid, e.cpuStart, e.cpuEnd, userMarker, str(e.name));
    },
    flush() {
      return Promise.resolve();
    },
    close() {
      for (const b of [ops, apis, apiOps, kernelApis]) b.finish();
      db.exec("COMMIT");
      db.close();
      return Promise.resolve([out]);
    },
  };
}
