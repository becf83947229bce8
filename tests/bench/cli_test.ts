/**
 * `deno task bench-load`: loads into a store file and prints one row per
 * input file; a second identical load is reported as a duplicate; a file that
 * is not a benchmark exits 2 with one line and leaves the store untouched.
 */
import assert from "node:assert/strict";
import { needsShared, ROOT } from "../helpers.ts";
import { openStore } from "../../lib/store/open.ts";
import { benchSample } from "./helpers.ts";

async function cli(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--no-check", `${ROOT}lib/cli/bench.ts`, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test({
  name: "bench-load loads a folder, reports duplicates, and rejects a non-benchmark file",
  ignore: needsShared(),
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "tracedeck-bench-cli-" });
    const db = `${dir}/store.duckdb`;
    try {
      const first = await cli([
        benchSample("atom-recipe-dsr1-mxfp4-mi355x"),
        "--db",
        db,
        "--label",
        "atom",
        "--meta",
        "hardware=mi355x",
        "--json",
      ]);
      assert.equal(first.code, 0, first.stderr);
      const rows = JSON.parse(first.stdout);
      assert.equal(rows.length, 4);
      assert.ok(
        rows.every((r: Record<string, unknown>) =>
          r.kind === "atom" && r.rows === 1 && r.status === "added"
        ),
      );

      const again = await cli([benchSample("atom-recipe-dsr1-mxfp4-mi355x"), "--db", db, "--json"]);
      assert.equal(again.code, 0);
      assert.match(again.stderr, /already run 1/);

      const bad = `${dir}/notes.json`;
      await Deno.writeTextFile(bad, '{"hello": "world"}');
      const rejected = await cli([bad, "--db", db]);
      assert.equal(rejected.code, 2);
      // one line of ours (Deno may add its own setup warnings)
      const ours = rejected.stderr.split("\n").filter((l) => l.startsWith("tracedeck:"));
      assert.equal(ours.length, 1);
      assert.match(ours[0], /notes\.json: not a recognised benchmark result or server log/);

      const e = await openStore({ path: db });
      try {
        const runs = await e.query<{ n: number }>("SELECT count(*)::INT AS n FROM runs");
        assert.equal(runs[0].n, 1);
        const meta = await e.query("SELECT key, value FROM run_meta");
        assert.deepEqual(meta, [{ key: "hardware", value: "mi355x" }]);
        const hw = await e.query<{ gpu_model: string }>(
          "SELECT DISTINCT gpu_model FROM bench_results",
        );
        assert.deepEqual(hw, [{ gpu_model: "MI355X" }]);
      } finally {
        await e.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("bench-load without a path is a usage error", async () => {
  const r = await cli([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /needs at least one file or folder/);
});
