import assert from "node:assert/strict";
import { needsShared, sample } from "../helpers.ts";
import { genTemp, run, sqlite } from "./gen_helpers.ts";

Deno.test("gen rpd: sqlite3 opens it and finds the manifest's ops, launches and markers", async () => {
  const g = await genTemp({
    format: "rpd",
    arch: "gfx942",
    ranks: 2,
    model: "mixtral-8x7b",
    dispatches: 10_000,
  }, "trace.rpd");
  try {
    const m = g.manifest;
    const db = g.files[0];
    assert.deepEqual(g.files.length, 1);
    assert.deepEqual(await sqlite(db, "PRAGMA integrity_check"), [["ok"]]);
    assert.deepEqual(
      await sqlite(db, "SELECT value FROM rocpd_metadata WHERE tag = 'schema_version'"),
      [["2"]],
    );
    const byType = Object.fromEntries(
      (await sqlite(db, "SELECT opType, gpuId, count(*) FROM op GROUP BY 1, 2 ORDER BY 1, 2"))
        .map(([t, gpu, n]) => [`${t}@${gpu}`, Number(n)]),
    );
    assert.deepEqual(byType, {
      "KernelExecution@0": m.per_rank.direct,
      "KernelExecution@1": m.per_rank.direct,
      "Task@0": m.per_rank.graph_replayed,
      "Task@1": m.per_rank.graph_replayed,
    });
    assert.equal(m.per_rank.direct + m.per_rank.graph_replayed, 5_000);
    const [[ops, linked, distinctOps]] = await sqlite(
      db,
      "SELECT (SELECT count(*) FROM rocpd_op), count(*), count(DISTINCT op_id) FROM rocpd_api_ops",
    );
    assert.deepEqual([ops, linked, distinctOps].map(Number), [10_000, 10_000, 10_000]);
    const markers = await sqlite(
      db,
      "SELECT args FROM api WHERE apiName = 'UserMarker' AND pid = (SELECT min(pid) FROM rocpd_api) ORDER BY start",
    );
    assert.deepEqual(markers.map(([a]) => a), m.step_list.filter((s) => s.name).map((s) => s.name));
    const [[launches]] = await sqlite(db, "SELECT count(*) FROM api WHERE apiName LIKE '%Launch%'");
    assert.equal(Number(launches), 2 * m.per_rank.launch_api_calls);
    const [[kernelView]] = await sqlite(db, "SELECT count(*) FROM kernel");
    assert.equal(Number(kernelView), 2 * m.per_rank.direct);
    const names = Object.fromEntries(
      (await sqlite(db, "SELECT description, count(*) FROM op WHERE gpuId = 1 GROUP BY 1"))
        .map(([n, c]) => [n, Number(c)]),
    );
    assert.deepEqual(names, m.kernels_per_rank.by_name);
    const [[sessions, minId, maxId]] = await sqlite(
      db,
      "SELECT (SELECT value FROM rocpd_metadata WHERE tag = 'session_count'), min(id), max(id) FROM rocpd_op",
    );
    assert.deepEqual([sessions, minId], ["2", "1"]);
    assert(Number(maxId) > 2 ** 32, "rank 1's ops should live in session 1's id range");
  } finally {
    await Deno.remove(g.dir, { recursive: true });
  }
});

Deno.test({
  name: "gen rpd: schema is the one the RPD tracer writes (shared sample)",
  ignore: needsShared(),
  async fn() {
    const g = await genTemp({ format: "rpd", dispatches: 2_000 }, "t.rpd");
    try {
      const ours = await run("sqlite3", [g.files[0], ".schema"]);
      const real = await run("sqlite3", [sample("amd/rpd_example_matmul.rpd"), ".schema"]);
      assert.equal(ours, real);
    } finally {
      await Deno.remove(g.dir, { recursive: true });
    }
  },
});
