import assert from "node:assert/strict";
import { ROOT } from "../helpers.ts";

/** Run a CLI entry point; returns exit code, stdout and stderr. */
export async function cli(script: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command("deno", {
    args: ["run", "--allow-all", `${ROOT}lib/cli/${script}.ts`, ...args],
    cwd: ROOT,
    env: { DENO_TLS_CA_STORE: "system", NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr).trim() };
}

const BAD_USAGE: [string, string[], RegExp][] = [
  ["ingest", [], /needs at least one path/],
  ["ingest", ["--no-such-flag", "x"], /Unknown option/i],
  ["ingest", ["/no/such/trace.json"], /\/no\/such\/trace\.json: no such file/],
  ["sql", [], /exactly one query/],
  ["sql", ["/no/such.sql"], /no such SQL file/],
  ["report", ["/no/such/trace.json.gz"], /no such/],
  ["report", ["a", "b"], /exactly one/],
  ["runs", ["--engine", "sqlite"], /unknown engine/],
];

for (const [script, args, message] of BAD_USAGE) {
  Deno.test(`cli: ${script} ${args.join(" ") || "(no args)"} → one line, exit 2`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const r = await cli(script, args, { TRACEDECK_DB: `${dir}/s.duckdb` });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.split("\n").length, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.ok(!/\bat .*\.ts:\d+/.test(r.stderr), "no stack trace");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("cli: --help of every command exits 0 and prints usage", async () => {
  for (const script of ["ingest", "runs", "sql", "report"]) {
    const r = await cli(script, ["--help"]);
    assert.equal(r.code, 0, `${script}: ${r.stderr}`);
    assert.match(r.stdout, /^Usage: deno task /);
  }
});

Deno.test("cli: ingest, runs and sql work against a store file", async () => {
  const dir = await Deno.makeTempDir();
  const trace = `${dir}/t.json`;
  await Deno.writeTextFile(
    trace,
    JSON.stringify({
      traceEvents: [
        {
          ph: "X",
          cat: "kernel",
          name: "Cijk_Ailk_Bljk_HHS_BH_MT64x64x32",
          pid: 0,
          tid: 1,
          ts: 1,
          dur: 2,
          args: { device: 0 },
        },
        {
          ph: "X",
          cat: "gpu_memcpy",
          name: "Memcpy DtoH",
          pid: 0,
          tid: 1,
          ts: 5,
          dur: 1,
          args: { device: 0 },
        },
        { ph: "X", cat: "user_annotation", name: "ProfilerStep#3", pid: 9, tid: 9, ts: 0, dur: 10 },
      ],
    }),
  );
  const env = { TRACEDECK_DB: `${dir}/store.duckdb` };
  try {
    const ing = await cli("ingest", [
      trace,
      "--label",
      "first",
      "--meta",
      "image=rocm/vllm:1",
      "--json",
    ], env);
    assert.equal(ing.code, 0, ing.stderr);
    assert.equal(JSON.parse(ing.stdout)[0].run_id, 1);
    const dup = await cli("ingest", [trace], env);
    assert.equal(dup.code, 0);
    assert.match(dup.stderr, /already run 1/);
    const runs = JSON.parse((await cli("runs", ["--json"], env)).stdout);
    assert.deepEqual(
      runs.map((
        r: Record<string, unknown>,
      ) => [r.id, r.label, r.format, r.dispatches, r.copies, r.markers]),
      [[1, "first", "kineto", 1, 1, 1]],
    );
    const sql = await cli("sql", [
      "SELECT key, value FROM run_meta WHERE value = $v",
      "--param",
      "v=rocm/vllm:1",
      "--csv",
    ], env);
    assert.equal(sql.code, 0, sql.stderr);
    assert.equal(sql.stdout.trim(), "key,value\nimage,rocm/vllm:1");
    const bad = await cli("sql", ["SELECT * FROM no_such_table"], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /SQL error/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: --rules on ingest is validated and remembered in the store; it outranks built-ins", async () => {
  const dir = await Deno.makeTempDir();
  const env = { TRACEDECK_DB: `${dir}/store.duckdb` };
  try {
    const trace = `${dir}/t.json`;
    await Deno.writeTextFile(
      trace,
      JSON.stringify({
        traceEvents: [{
          ph: "X",
          cat: "kernel",
          name: "my_team_fused_gemm_v2",
          pid: 0,
          tid: 1,
          ts: 1,
          dur: 2,
          args: {},
        }],
      }),
    );
    const header =
      "id\tpriority\tpattern\tcategory\tbackend\tsub_kind\tcollective_op\tprecision\tnote\n";
    await Deno.writeTextFile(
      `${dir}/bad.tsv`,
      header + "x\t10\t([\tGEMM\tHIP-custom\t\t\t\tbroken regex\n",
    );
    const bad = await cli("ingest", [trace, "--rules", `${dir}/bad.tsv`], env);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /bad\.tsv/);
    await Deno.writeTextFile(
      `${dir}/mine.tsv`,
      header + "team-gemm\t10\t^my_team_fused_gemm\tGEMM\tHIP-custom\t\t\t\tour kernels\n",
    );
    const ok = await cli("ingest", [trace, "--rules", `${dir}/mine.tsv`], env);
    assert.equal(ok.code, 0, ok.stderr);
    const sql = await cli("sql", [
      "SELECT category, backend, rule_id FROM kernel_labels WHERE name LIKE 'my_team%'",
      "--json",
    ], env);
    assert.equal(sql.code, 0, sql.stderr);
    assert.deepEqual(JSON.parse(sql.stdout), [{
      category: "GEMM",
      backend: "HIP-custom",
      rule_id: "team-gemm",
    }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
