import assert from "node:assert/strict";
import { ROOT } from "../helpers.ts";
import { openStore } from "../../lib/store/open.ts";

/** Write a Kineto trace of `n` kernels, streamed (about 170 bytes a kernel). */
async function writeBigTrace(path: string, n: number) {
  const f = await Deno.open(path, { write: true, create: true, truncate: true });
  const enc = new TextEncoder();
  await f.write(enc.encode('{"schemaVersion":1,"traceEvents":['));
  const batch: string[] = [];
  for (let i = 0; i < n; i++) {
    batch.push(
      `${i ? "," : ""}{"ph":"X","cat":"kernel","name":"Cijk_Alik_Bljk_BBS_BH_MT${
        i % 97
      }x64x64","pid":0,"tid":1,"ts":${
        i * 3
      }.5,"dur":2.25,"args":{"device":0,"stream":1,"correlation":${i}}}`,
    );
    if (batch.length === 10000) {
      await f.write(enc.encode(batch.join("")));
      batch.length = 0;
    }
  }
  await f.write(enc.encode(batch.join("") + "]}"));
  f.close();
}

Deno.test("ingest: SIGKILL mid-way leaves no partial run in the store", async () => {
  const dir = await Deno.makeTempDir();
  const trace = `${dir}/big.json`;
  const db = `${dir}/store.duckdb`;
  try {
    // a first, complete run so the store has content to keep
    await Deno.writeTextFile(
      `${dir}/small.json`,
      '{"traceEvents":[{"ph":"X","cat":"kernel","name":"k","ts":1,"dur":1,"args":{}}]}',
    );
    const pre = await openStore({ path: db });
    const { ingestPath } = await import("../../lib/ingest/mod.ts");
    await ingestPath(pre, `${dir}/small.json`);
    await pre.close();

    await writeBigTrace(trace, 1_500_000);
    const child = new Deno.Command("deno", {
      args: ["run", "--allow-all", `${ROOT}lib/cli/ingest.ts`, trace, "--db", db],
      cwd: ROOT,
      stdout: "null",
      stderr: "piped",
    }).spawn();
    // kill once the ingest is under way: the child has opened the store and
    // appended rows (the WAL grows), but cannot have finished 1.5M rows
    const deadline = Date.now() + 30_000;
    let walSeen = false;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        if ((await Deno.stat(`${db}.wal`)).size > 0) {
          walSeen = true;
          break;
        }
      } catch { /* not yet */ }
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGKILL");
    const status = await child.status;
    assert.ok(walSeen, "the child never started writing");
    assert.equal(status.signal, "SIGKILL", "the ingest finished before it could be killed");

    const store = await openStore({ path: db });
    try {
      const [r] = await store.query(
        "SELECT (SELECT count(*) FROM runs)::INTEGER AS runs, (SELECT count(*) FROM kernel_dispatches)::INTEGER AS k, (SELECT count(*) FROM kernel_names)::INTEGER AS names",
      );
      assert.deepEqual(r, { runs: 1, k: 1, names: 1 });
    } finally {
      await store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
