/**
 * The Parquet export: partitioned by run date and arch, read back into a
 * fresh DuckDB with the store's row counts, and the saved history queries
 * giving the same answer over the files as over the store.
 */
import assert from "node:assert/strict";
import type { Engine } from "../../lib/db/engine.ts";
import { openEngine } from "../../lib/db/open.ts";
import { openStore } from "../../lib/store/open.ts";
import { UsageError } from "../../lib/cli/errors.ts";
import { ANALYSIS_TABLES, exportParquet } from "../../lib/history/export.ts";
import { readTableSql } from "../../lib/history/lake.ts";
import { open } from "../../lib/notebook/deck.ts";
import { EXAMPLE_RUNS } from "../../fixtures/examples/campaign.ts";
import { loadExamples } from "../../fixtures/examples/store.ts";
import { memoryStore, ROOT } from "../helpers.ts";

async function withExport(
  fn: (store: Engine, dir: string, db: string) => Promise<void> | void,
): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "td-export-" });
  const db = `${tmp}/store.duckdb`;
  const store = await openStore({ path: db });
  try {
    await loadExamples(store);
    await exportParquet(store, `${tmp}/lake`, { analysis: true });
    await fn(store, `${tmp}/lake`, db);
  } finally {
    await store.close();
    await Deno.remove(tmp, { recursive: true });
  }
}

function filesUnder(dir: string): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) =>
    e.isDirectory ? filesUnder(`${dir}/${e.name}`).map((f) => `${e.name}/${f}`) : [e.name]
  ).sort();
}

Deno.test("export: every table reads back into a fresh DuckDB with the store's row counts", async () => {
  await withExport(async (store, dir) => {
    const tables = (await store.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1",
    )).map((r) => r.name);
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      [...tables, "analysis"].sort(),
    );
    const fresh = await openEngine({});
    try {
      for (const t of tables) {
        const [want] = await store.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM "${t}"`);
        const [got] = await fresh.query<{ n: number }>(
          `SELECT count(*)::BIGINT AS n FROM (${await readTableSql(`${dir}/${t}`)})`,
        );
        assert.equal(got.n, want.n, `${t} row count`);
      }
      const [kd] = await fresh.query<{ n: number }>(
        `SELECT count(*)::BIGINT AS n FROM read_parquet('${dir}/kernel_dispatches/**/*.parquet', hive_partitioning = true)`,
      );
      assert.ok(kd.n > 0);
      const runsBack = await fresh.query(`${await readTableSql(`${dir}/runs`)} ORDER BY run_id`);
      assert.deepEqual(runsBack, await store.query("SELECT * FROM runs ORDER BY run_id"));
    } finally {
      await fresh.close();
    }
  });
});

Deno.test("export: per-run tables are partitioned by the run's date and arch", async () => {
  await withExport((_store, dir) => {
    const runFolders = filesUnder(`${dir}/runs`).map((f) => f.replace(/\/[^/]+$/, ""));
    const dates = [...new Set(EXAMPLE_RUNS.map((r) => r.meta.date))].sort();
    assert.deepEqual(
      [...new Set(runFolders)].sort(),
      dates.map((d) => `run_date=${d}/run_arch=gfx942`),
    );
    assert.deepEqual(filesUnder(`${dir}/kernel_names`), ["data.parquet"]);
    for (const t of ANALYSIS_TABLES) assert.ok(filesUnder(`${dir}/analysis/${t}`).length > 0, t);
  });
});

Deno.test("export: the saved history queries answer the same over the Parquet files as over the store", async () => {
  await withExport(async (_store, dir, db) => {
    const lake = await open(dir);
    const stored = await open(db);
    try {
      const queries: [string, Record<string, string>][] = [
        ["history/step_time", {}],
        ["history/regressions", { threshold: "5" }],
        ["history/fix_ladder", {
          runs: "baseline,fix-hipblaslt,fix-custom-ar,fix-graphs,6",
          reference: "baseline",
        }],
        ["history/bench_throughput", {}],
        ["history/backend_mix", {}],
      ];
      for (const [name, params] of queries) {
        const a = await lake.saved(name, params);
        const b = await stored.saved(name, params);
        assert.ok(b.rows.length > 0, `${name} has rows`);
        assert.deepEqual(a.rows, b.rows, name);
      }
      const [analysed] = await lake.engine.query<{ n: number }>(
        `SELECT count(*)::BIGINT AS n FROM read_parquet('${dir}/analysis/decode_steps/**/*.parquet')`,
      );
      const [steps] = await stored.engine.query<{ n: number }>(
        "SELECT count(*)::BIGINT AS n FROM decode_steps",
      );
      assert.equal(analysed.n, steps.n);
    } finally {
      await lake.close();
      await stored.close();
    }
  });
});

Deno.test("export: refuses the wasm engine and a folder that is not empty", async () => {
  const wasm = await memoryStore("wasm");
  try {
    await assert.rejects(
      () => exportParquet(wasm, "/nonexistent/x"),
      (e) => e instanceof UsageError && /native engine/.test(e.message),
    );
  } finally {
    await wasm.close();
  }
  const dir = await Deno.makeTempDir({ prefix: "td-export-" });
  try {
    await Deno.writeTextFile(`${dir}/keep.txt`, "x");
    const engine = await memoryStore();
    try {
      await assert.rejects(
        () => exportParquet(engine, dir),
        (e) => e instanceof UsageError && /not empty/.test(e.message),
      );
    } finally {
      await engine.close();
    }
    const run = (args: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", `${ROOT}lib/cli/export.ts`, ...args],
        stdout: "piped",
        stderr: "piped",
      }).output();
    const noDir = await run([]);
    assert.equal(noDir.code, 2);
    assert.match(new TextDecoder().decode(noDir.stderr), /needs --parquet DIR/);
    const onWasm = await run(["--parquet", `${dir}/out`, "--engine", "wasm"]);
    assert.equal(onWasm.code, 2);
    assert.match(new TextDecoder().decode(onWasm.stderr), /needs the native engine/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
