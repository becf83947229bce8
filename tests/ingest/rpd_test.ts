/**
 * RPD ingest: schema v1, v2 (gzip'd) and v3 fixtures and the real samples,
 * counted against Python's sqlite3 reading the raw files through RPD's own
 * `op` and `api` views; graph-replayed Task ops; several GPUs in one file;
 * the wasm engine; truncated and corrupted files.
 */
import assert from "node:assert/strict";
import type { Engine, EngineKind } from "../../lib/db/engine.ts";
import { writeRpd } from "../../fixtures/gen/rpd_writer.ts";
import { needsShared, sample } from "../helpers.ts";
import {
  assertBadInput,
  corruptedCopy,
  fixture,
  gzipped,
  ingested,
  kernelsByName,
  PY_SORTED_COUNTS,
  pySqlite,
  scalar,
  truncatedCopy,
} from "./sqlite_support.ts";

/** What Python counts in a raw RPD file. */
interface RpdFacts {
  kernels: number;
  tasks: number;
  copies: number;
  fills: number;
  markers: number;
  launches: number;
  by_gpu: [number, number][];
  names: [string, number][];
  first: string;
  last: string;
  grid: number | null;
  block: number | null;
  lds: number | null;
  vgpr: number | null;
  decode: number;
  prefill: number;
}

const PY_RPD = `
db = open_db(sys.argv[1])
has = lambda name: one(db, "SELECT count(*) FROM sqlite_master WHERE name = ?", name) > 0
ops = rows(db, 'SELECT gpuId, opType, description, start, "end" FROM op')
kern = [o for o in ops if o[1] == 'KernelExecution' or (o[1] == 'Task' and o[2] != '')]
apis = rows(db, 'SELECT apiName, args FROM api')
labels = [a[1] for a in apis if a[0] == 'UserMarker']
if has('rocpd_kernelop'):
    detail = 'rocpd_kernelop k'
    code = has('rocpd_kernelcodeobject')
else:
    detail = 'rocpd_kernelapi k JOIN rocpd_api_ops x ON x.api_id = k.api_ptr_id JOIN rocpd_op o ON o.id = x.op_id'
    code = one(db, "SELECT count(*) FROM pragma_table_info('rocpd_kernelapi') WHERE name = 'codeObject_id'") > 0
geo = rows(db, 'SELECT sum(k.gridX), sum(k.workgroupX), sum(k.groupSegmentSize), %s FROM %s %s' % (
    'sum(c.vgpr)' if code else 'NULL', detail,
    'LEFT JOIN rocpd_kernelcodeobject c ON c.id = k.codeObject_id' if code else ''))[0]
print(json.dumps({
    'kernels': len(kern),
    'tasks': sum(1 for o in kern if o[1] == 'Task'),
    'copies': sum(1 for o in ops if o[1].startswith('Copy')),
    'fills': sum(1 for o in ops if o[1] == 'FillBuffer'),
    'markers': len(labels),
    'launches': sum(1 for a in apis if a[0] != 'UserMarker' and LAUNCH.search(a[0])),
    'by_gpu': sorted([g, n] for g, n in Counter(o[0] for o in kern).items()),
    'names': ${PY_SORTED_COUNTS.replace("%s", "Counter(o[2] or o[1] for o in kern)")},
    'first': str(min(o[3] for o in kern)),
    'last': str(max(o[4] for o in kern)),
    'grid': geo[0], 'block': geo[1], 'lds': geo[2], 'vgpr': geo[3],
    'decode': sum(1 for l in labels if re.search(r'_context_0\\(|DECODE', l)),
    'prefill': sum(1 for l in labels if re.search(r'_generation_0\\(|EXTEND', l)),
}))
`;

/** The same facts read back from the store. */
async function storeFacts(db: Engine, runId: number): Promise<RpdFacts> {
  const q = (sql: string) => scalar(db, sql, [runId]);
  const span = await db.query<{ first: string; last: string }>(
    "SELECT min(start_ns)::VARCHAR AS first, max(end_ns)::VARCHAR AS last FROM kernel_dispatches WHERE run_id = ?",
    [runId],
  );
  const sums = await db.query<Record<string, number | null>>(
    `SELECT sum(grid_x)::BIGINT AS grid, sum(block_x)::BIGINT AS block, sum(lds_bytes)::BIGINT AS lds,
       sum(vgpr)::BIGINT AS vgpr FROM kernel_dispatches WHERE run_id = ?`,
    [runId],
  );
  const byGpu = await db.query<{ device: number; n: number }>(
    "SELECT device, count(*)::INTEGER AS n FROM kernel_dispatches WHERE run_id = ? GROUP BY device ORDER BY device",
    [runId],
  );
  return {
    kernels: await q("SELECT count(*) FROM kernel_dispatches WHERE run_id = ?"),
    tasks: await q("SELECT count(*) FROM kernel_dispatches WHERE run_id = ? AND graph_replay"),
    copies: await q("SELECT count(*) FROM memory_ops WHERE run_id = ? AND kind = 'copy'"),
    fills: await q("SELECT count(*) FROM memory_ops WHERE run_id = ? AND kind = 'memset'"),
    markers: await q("SELECT count(*) FROM markers WHERE run_id = ? AND kind = 'roctx'"),
    launches: await q("SELECT count(*) FROM api_calls WHERE run_id = ?"),
    by_gpu: byGpu.map((r) => [r.device, r.n]),
    names: await kernelsByName(db, runId),
    first: span[0].first,
    last: span[0].last,
    grid: sums[0].grid,
    block: sums[0].block,
    lds: sums[0].lds,
    vgpr: sums[0].vgpr,
    decode: await q("SELECT count(*) FROM markers WHERE run_id = ? AND step_kind = 'decode'"),
    prefill: await q("SELECT count(*) FROM markers WHERE run_id = ? AND step_kind = 'prefill'"),
  };
}

/** Ingest `path` on `engine` and check every count against Python's; returns the facts. */
async function checkAgainstRaw(path: string, engine: EngineKind = "native"): Promise<RpdFacts> {
  const expected = await pySqlite<RpdFacts>(PY_RPD, path);
  const { db, run } = await ingested(path, engine);
  try {
    assert.equal(run.format, "rpd");
    assert.deepEqual(await storeFacts(db, run.run_id), expected);
    const runs = await db.query<{ rank_count: number }>(
      "SELECT rank_count FROM runs WHERE run_id = ?",
      [run.run_id],
    );
    assert.equal(runs[0].rank_count, expected.by_gpu.length, "one rank per GPU");
    const linked = await scalar(
      db,
      `SELECT count(*) FROM kernel_dispatches d JOIN api_calls a
         ON a.run_id = d.run_id AND a.rank = d.rank AND a.correlation_id = d.correlation_id WHERE d.run_id = ?`,
      [run.run_id],
    );
    assert.equal(linked, expected.kernels, "every kernel links to the API call that launched it");
    return expected;
  } finally {
    await db.close();
  }
}

Deno.test("rpd v1 (kernels keyed on the op, no schema_version row): counts, names, exact ns past 2^53", async () => {
  const facts = await checkAgainstRaw(fixture("rpd/mi300x_decode_v1.rpd"));
  assert.deepEqual([facts.kernels, facts.tasks, facts.copies, facts.fills, facts.markers], [
    32,
    0,
    8,
    1,
    4,
  ]);
  assert.ok(BigInt(facts.first) > 2n ** 53n, "fixture timestamps exceed a double's exact range");
  assert.ok(facts.vgpr! > 0 && facts.grid! > 0);
});

Deno.test("rpd v2 gzip'd: graph-replayed Task ops counted, unnamed Task ops not", async () => {
  const facts = await checkAgainstRaw(fixture("rpd/mi300x_graph_v2.rpd.gz"));
  assert.deepEqual([facts.kernels, facts.tasks, facts.copies, facts.fills, facts.markers], [
    50,
    40,
    10,
    1,
    5,
  ]);
  assert.deepEqual([facts.decode, facts.prefill], [4, 1]);
});

Deno.test("rpd v3: two GPUs in one file give two ranks; UserMarker labels from rocpd_ustring", async () => {
  const facts = await checkAgainstRaw(fixture("rpd/mi300x_tp2_v3.rpd"));
  assert.deepEqual(facts.by_gpu, [[0, 60], [1, 60]]);
  assert.deepEqual([facts.markers, facts.decode, facts.prefill], [10, 8, 2]);
});

Deno.test("rpd v3 on the wasm engine: same counts as the raw file", async () => {
  await checkAgainstRaw(fixture("rpd/mi300x_tp2_v3.rpd"), "wasm");
});

Deno.test("rpd: markers carry the step kind and batch of vLLM annotations, on the GPU's rank", async () => {
  const { db, run } = await ingested(fixture("rpd/mi300x_graph_v2.rpd.gz"));
  try {
    const rows = await db.query<
      { rank: number; step_kind: string; batch_size: number; num_tokens: number }
    >(
      "SELECT DISTINCT rank, step_kind, batch_size, num_tokens FROM markers WHERE run_id = ? ORDER BY step_kind",
      [run.run_id],
    );
    assert.deepEqual(rows, [
      { rank: 0, step_kind: "decode", batch_size: 8, num_tokens: 8 },
      { rank: 0, step_kind: "prefill", batch_size: 8, num_tokens: 2048 },
    ]);
    const meta = await db.query(
      "SELECT value FROM run_meta WHERE run_id = ? AND key = 'rpd_schema_version'",
      [
        run.run_id,
      ],
    );
    assert.deepEqual(meta, [{ value: "2" }]);
  } finally {
    await db.close();
  }
});

Deno.test({
  name:
    "rpd real sample (vLLM FP8 on MI300X, schema v2): 8,948 kernels, 1,176 copies, 11,884 markers",
  ignore: needsShared(),
  async fn() {
    const facts = await checkAgainstRaw(sample("amd/mi300x_vllm_fp8_llama.rpd.gz"));
    assert.deepEqual(
      [facts.kernels, facts.kernels - facts.tasks, facts.tasks, facts.copies, facts.markers],
      [8948, 1228, 7720, 1176, 11884],
    );
    assert.deepEqual(facts.by_gpu, [[2, 8948]]);
  },
});

Deno.test({
  name: "rpd real sample (matmul example): counts match the raw file",
  ignore: needsShared(),
  async fn() {
    const facts = await checkAgainstRaw(sample("amd/rpd_example_matmul.rpd"));
    assert.deepEqual([facts.kernels, facts.copies, facts.fills], [29, 55, 1]);
  },
});

Deno.test("rpd: a file with the tables but no ops or markers is an InputError, not an empty run", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/empty.rpd`;
  writeRpd(path, { version: 3, processes: [], graphFrom: 0 });
  try {
    assert.match(await assertBadInput(path), /expected GPU ops or UserMarker ranges.*found none/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("rpd: a truncated file is one InputError line and leaves no run", async () => {
  const path = await truncatedCopy(fixture("rpd/mi300x_tp2_v3.rpd"));
  try {
    assert.match(await assertBadInput(path), /truncated SQLite file/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("rpd: a corrupted page is one InputError line and leaves no run", async () => {
  const path = await corruptedCopy(fixture("rpd/mi300x_tp2_v3.rpd"));
  try {
    assert.match(await assertBadInput(path), /corrupt|malformed|unreadable/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("rpd: a gzip'd file with a corrupted page is one InputError line and leaves no run", async () => {
  const path = await gzipped(await corruptedCopy(fixture("rpd/mi300x_tp2_v3.rpd")));
  try {
    assert.match(await assertBadInput(path), /corrupt SQLite database/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("rpd: a truncated gzip is one InputError line and leaves no run", async () => {
  const path = await truncatedCopy(fixture("rpd/mi300x_graph_v2.rpd.gz"));
  try {
    assert.match(await assertBadInput(path), /gzip|truncated/);
  } finally {
    await Deno.remove(path);
  }
});
