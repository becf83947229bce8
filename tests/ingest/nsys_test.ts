/**
 * Nsight Systems SQLite export ingest: kernels named through StringIds,
 * memcpy/memset, NVTX ranges by text and by textId, runtime launch calls and
 * the GPU model, counted against Python's sqlite3 reading the raw export; a
 * table without kernel names; truncated and corrupted files. (The wasm
 * engine is exercised by the RPD and rocpd tests; the module code is the
 * same on both.)
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import type { Engine } from "../../lib/db/engine.ts";
import {
  assertBadInput,
  corruptedCopy,
  fixture,
  ingested,
  kernelsByName,
  PY_SORTED_COUNTS,
  pySqlite,
  scalar,
  truncatedCopy,
} from "./sqlite_support.ts";

/** What Python counts in a raw export. */
interface NsysFacts {
  kernels: number;
  graph: number;
  by_device: [number, number][];
  names: [string, number][];
  regs: number;
  shared: number;
  grid: number;
  copies: [string, number][];
  copy_bytes: number;
  memsets: number;
  markers: number;
  decode: number;
  launches: [string, number][];
  first: string;
  last: string;
  gpu: [string, string];
}

const PY_NSYS = `
db = open_db(sys.argv[1])
s = dict(rows(db, 'SELECT id, value FROM StringIds'))
k = rows(db, '''SELECT deviceId, demangledName, graphNodeId, registersPerThread,
    staticSharedMemory + dynamicSharedMemory, gridX, start, "end" FROM CUPTI_ACTIVITY_KIND_KERNEL''')
kinds = {1: 'HtoD', 2: 'DtoH', 8: 'DtoD', 10: 'PtoP'}
copies = rows(db, 'SELECT copyKind, bytes FROM CUPTI_ACTIVITY_KIND_MEMCPY')
nvtx = rows(db, 'SELECT eventType, text, textId FROM NVTX_EVENTS')
labels = [t or s.get(i) for (e, t, i) in nvtx if e in (34, 59, 60) and (t or s.get(i))]
calls = [re.sub(r'_v\\d+$', '', s[n]) for (n,) in rows(db, 'SELECT nameId FROM CUPTI_ACTIVITY_KIND_RUNTIME')]
gpu = rows(db, 'SELECT name, computeMajor, computeMinor FROM TARGET_INFO_GPU ORDER BY id')[0]
print(json.dumps({
    'kernels': len(k),
    'graph': sum(1 for r in k if r[2]),
    'by_device': sorted([d, n] for d, n in Counter(r[0] for r in k).items()),
    'names': ${PY_SORTED_COUNTS.replace("%s", "Counter(s[r[1]] for r in k)")},
    'regs': sum(r[3] for r in k), 'shared': sum(r[4] for r in k), 'grid': sum(r[5] for r in k),
    'copies': ${PY_SORTED_COUNTS.replace("%s", "Counter(kinds[c[0]] for c in copies)")},
    'copy_bytes': sum(c[1] for c in copies),
    'memsets': one(db, 'SELECT count(*) FROM CUPTI_ACTIVITY_KIND_MEMSET'),
    'markers': len(labels),
    'decode': sum(1 for l in labels if '_context_0(' in l),
    'launches': ${PY_SORTED_COUNTS.replace("%s", "Counter(c for c in calls if LAUNCH.search(c))")},
    'first': str(min(r[6] for r in k)), 'last': str(max(r[7] for r in k)),
    'gpu': [gpu[0], 'sm%d%d' % (gpu[1], gpu[2])],
}))
`;

async function storeFacts(db: Engine, runId: number): Promise<NsysFacts> {
  const q = (sql: string) => scalar(db, sql, [runId]);
  const pairs = async (sql: string) =>
    (await db.query<{ k: string | number; n: number }>(sql, [runId])).map((r) => [r.k, r.n]);
  const span = await db.query<{ first: string; last: string }>(
    "SELECT min(start_ns)::VARCHAR AS first, max(end_ns)::VARCHAR AS last FROM kernel_dispatches WHERE run_id = ?",
    [runId],
  );
  const run = await db.query<{ device_name: string; arch: string }>(
    "SELECT device_name, arch FROM runs WHERE run_id = ?",
    [runId],
  );
  return {
    kernels: await q("SELECT count(*) FROM kernel_dispatches WHERE run_id = ?"),
    graph: await q("SELECT count(*) FROM kernel_dispatches WHERE run_id = ? AND graph_replay"),
    by_device: await pairs(
      "SELECT device AS k, count(*)::INTEGER AS n FROM kernel_dispatches WHERE run_id = ? GROUP BY 1 ORDER BY 1",
    ) as [number, number][],
    names: await kernelsByName(db, runId),
    regs: await q("SELECT sum(vgpr) FROM kernel_dispatches WHERE run_id = ?"),
    shared: await q("SELECT sum(lds_bytes) FROM kernel_dispatches WHERE run_id = ?"),
    grid: await q("SELECT sum(grid_x) FROM kernel_dispatches WHERE run_id = ?"),
    copies: await pairs(
      "SELECT direction AS k, count(*)::INTEGER AS n FROM memory_ops WHERE run_id = ? AND kind = 'copy' GROUP BY 1 ORDER BY 1",
    ) as [string, number][],
    copy_bytes: await q("SELECT sum(bytes) FROM memory_ops WHERE run_id = ? AND kind = 'copy'"),
    memsets: await q("SELECT count(*) FROM memory_ops WHERE run_id = ? AND kind = 'memset'"),
    markers: await q("SELECT count(*) FROM markers WHERE run_id = ? AND kind = 'nvtx'"),
    decode: await q("SELECT count(*) FROM markers WHERE run_id = ? AND step_kind = 'decode'"),
    launches: await pairs(
      "SELECT name AS k, count(*)::INTEGER AS n FROM api_calls WHERE run_id = ? GROUP BY 1 ORDER BY 1",
    ) as [string, number][],
    first: span[0].first,
    last: span[0].last,
    gpu: [run[0].device_name, run[0].arch],
  };
}

const EXPORT = fixture("nsys/h100_tp2_decode.sqlite");

async function checkAgainstRaw(): Promise<NsysFacts> {
  const expected = await pySqlite<NsysFacts>(PY_NSYS, EXPORT);
  const { db, run } = await ingested(EXPORT);
  try {
    assert.equal(run.format, "nsys-sqlite");
    assert.deepEqual(await storeFacts(db, run.run_id), expected);
    const perRank = await db.query<{ rank: number; device: number; markers: number }>(
      `SELECT d.rank, d.device, (SELECT count(*) FROM markers m WHERE m.run_id = d.run_id AND m.rank = d.rank)::INTEGER
         AS markers FROM kernel_dispatches d WHERE d.run_id = ? GROUP BY ALL ORDER BY d.rank`,
      [run.run_id],
    );
    assert.deepEqual(perRank, [
      { rank: 0, device: 0, markers: expected.markers / 2 },
      { rank: 1, device: 1, markers: expected.markers / 2 },
    ], "a rank per device; each process's NVTX ranges on its device's rank");
    return expected;
  } finally {
    await db.close();
  }
}

Deno.test("nsys export: kernels, copies, memsets, NVTX, launches and GPU match the raw export", async () => {
  const facts = await checkAgainstRaw();
  assert.deepEqual([facts.kernels, facts.graph, facts.memsets, facts.markers, facts.decode], [
    70,
    42,
    10,
    12,
    8,
  ]);
  assert.deepEqual(facts.gpu, ["NVIDIA H100 80GB HBM3", "sm90"]);
});

Deno.test("nsys: a kernel table without name columns is an InputError naming found and needed columns", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite" });
  const raw = new DatabaseSync(path);
  raw.exec(`
    CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER, end INTEGER, deviceId INTEGER, streamId INTEGER,
      correlationId INTEGER);
    INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (1, 2, 0, 7, 1);`);
  raw.close();
  try {
    const message = await assertBadInput(path);
    assert.match(message, /found columns start, end, deviceId, streamId, correlationId/);
    assert.match(message, /needed one of demangledName, shortName, mangledName/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("nsys: truncated and corrupted exports are one InputError line and leave no run", async () => {
  for (const damage of [truncatedCopy, corruptedCopy]) {
    const path = await damage(EXPORT);
    try {
      await assertBadInput(path);
    } finally {
      await Deno.remove(path);
    }
  }
});
