/**
 * The saved history queries (queries/history/) on a store holding the
 * bundled example history, each result checked against figures computed
 * from the raw trace and benchmark files by another route (expected.ts, the
 * result JSON read plainly).
 */
import assert from "node:assert/strict";
import type { Engine, Row } from "../../lib/db/engine.ts";
import { loadViews } from "../../lib/store/views.ts";
import { bindNamedParams, splitStatements } from "../../lib/cli/sql.ts";
import { RUN_FACTS_CTE } from "../../lib/history/run_facts.ts";
import { QUERIES_DIR } from "../../lib/store/query_files.ts";
import { EXAMPLE_BENCH, EXAMPLE_RUNS, EXAMPLE_TRACES } from "../../fixtures/examples/campaign.ts";
import { exampleBench, exampleTrace, loadExamples } from "../../fixtures/examples/store.ts";
import { memoryStore, ROOT } from "../helpers.ts";
import { near, type TraceFigures, traceFigures } from "./expected.ts";

const HISTORY = ["backend_mix", "bench_throughput", "fix_ladder", "regressions", "step_time"];

/** Run a saved query file the way `deno task sql` does. */
async function saved(
  engine: Engine,
  name: string,
  params: Record<string, string> = {},
): Promise<Row[]> {
  const statements = splitStatements(await Deno.readTextFile(`${QUERIES_DIR}history/${name}.sql`));
  for (const s of statements.slice(0, -1)) await engine.exec(s);
  const bound = bindNamedParams(statements.at(-1)!, params);
  return engine.query(bound.sql, bound.args);
}

const figures = new Map<string, TraceFigures>(
  EXAMPLE_TRACES.map((t) => [t.file, traceFigures(exampleTrace(t.file))]),
);
/** Figures of the i-th example run (run id i + 1). */
const runFigures = (i: number) => figures.get(EXAMPLE_RUNS[i].file)!;

async function exampleStore(): Promise<Engine> {
  const engine = await memoryStore();
  await loadExamples(engine);
  await loadViews(engine);
  return engine;
}

/** Benchmark results of a build, read plainly from its JSON files. */
function benchDocs(label: string): Record<string, number & string>[] {
  const dir = exampleBench(label);
  return [...Deno.readDirSync(dir)].map((e) =>
    JSON.parse(Deno.readTextFileSync(`${dir}/${e.name}`))
  );
}

Deno.test("every saved history query is documented and carries the shared run_facts CTE", async () => {
  const files = [...Deno.readDirSync(`${ROOT}queries/history`)].map((e) => e.name).sort();
  assert.deepEqual(files, HISTORY.map((n) => `${n}.sql`));
  for (const f of files) {
    const text = await Deno.readTextFile(`${ROOT}queries/history/${f}`);
    assert(text.includes(`WITH ${RUN_FACTS_CTE}`), `${f} must hold the run_facts CTE verbatim`);
    assert(/^-- .+\n(-- .+\n)*--\n-- Answers: /.test(text), `${f} starts with what it answers`);
    assert(
      text.includes("-- Parameters:") && text.includes("-- Columns:"),
      `${f} documents parameters and columns`,
    );
  }
});

Deno.test("step_time: step, busy, idle, tokens/s and category shares per run, in time order", async () => {
  const engine = await exampleStore();
  try {
    const rows = await saved(engine, "step_time");
    assert.deepEqual(rows.map((r) => r.run_id), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(
      rows.map((r) => String(r.run_time).slice(0, 10)),
      EXAMPLE_RUNS.map((r) => r.meta.date),
    );
    rows.forEach((r, i) => {
      const f = runFigures(i);
      const run = EXAMPLE_RUNS[i];
      assert.deepEqual([r.label, r.commit, r.image, r.model, r.tp], [
        run.label,
        run.meta.commit,
        run.meta.image,
        run.meta.model,
        run.meta.tp,
      ]);
      assert.deepEqual(r.steps, f.steps);
      near(r.step_us, f.stepUs, `run ${r.run_id} step_us`);
      near(r.busy_us, f.busyUs, `run ${r.run_id} busy_us`);
      near(r.idle_pct, f.idlePct, `run ${r.run_id} idle_pct`);
      near(r.tok_s, f.batch / (f.stepUs / 1e6), `run ${r.run_id} tok_s`);
      near(r.gemm_pct, f.categoryPct.GEMM, `run ${r.run_id} gemm_pct`);
      near(r.attention_pct, f.categoryPct.Attention, `run ${r.run_id} attention_pct`);
      near(r.allreduce_pct, f.categoryPct.AllReduce, `run ${r.run_id} allreduce_pct`);
      near(r.other_pct, f.categoryPct.Other, `run ${r.run_id} other_pct`);
      assert.deepEqual([r.moe_pct, r.quantization_pct], [0, 0]);
    });
  } finally {
    await engine.close();
  }
});

Deno.test("regressions: only the nightly pair, only what got slower beyond the threshold", async () => {
  const engine = await exampleStore();
  try {
    const rows = await saved(engine, "regressions", { threshold: "5" });
    const before = runFigures(4), after = runFigures(5);
    const metrics: Record<string, [number, number]> = {
      step: [before.stepUs, after.stepUs],
      busy: [before.busyUs, after.busyUs],
    };
    for (const c of Object.keys(after.categoryUs)) {
      metrics[c] = [before.categoryUs[c] ?? 0, after.categoryUs[c]];
    }
    const expected = Object.entries(metrics)
      .filter(([, [a, b]]) => b - a > 1 && (100 * (b - a)) / a > 5)
      .map(([m]) => m).sort();
    assert.deepEqual(
      expected,
      ["GEMM", "busy", "step"],
      "the example's nightly regression is in the GEMMs",
    );
    assert.deepEqual(rows.map((r) => r.metric).sort(), expected);
    for (const r of rows) {
      const [a, b] = metrics[r.metric as string];
      assert.deepEqual([r.label, r.prev_run, r.run_id, r.prev_commit, r.commit], [
        "nightly",
        5,
        6,
        "d4c1e88",
        "e5b2f71",
      ]);
      near(r.prev_us, a, `${r.metric} prev_us`);
      near(r.us, b, `${r.metric} us`);
      near(r.delta_pct, (100 * (b - a)) / a, `${r.metric} delta_pct`);
    }
    const worst = Math.max(...rows.map((r) => r.delta_pct as number));
    assert.deepEqual(
      await saved(engine, "regressions", { threshold: String(Math.ceil(worst)) }),
      [],
    );
  } finally {
    await engine.close();
  }
});

Deno.test("backend_mix: the backend of each category per run follows each build's fixes", async () => {
  const engine = await exampleStore();
  try {
    const rows = await saved(engine, "backend_mix");
    EXAMPLE_RUNS.forEach((run, i) => {
      const spec = EXAMPLE_TRACES.find((t) => t.file === run.file)!.spec;
      const mine = rows.filter((r) => r.run_id === i + 1);
      const gemm = mine.filter((r) => r.category === "GEMM");
      const ar = mine.filter((r) => r.category === "AllReduce");
      assert.deepEqual(gemm.map((r) => r.backend), [spec.gemm]);
      assert.deepEqual(ar.map((r) => r.backend), [spec.allreduce]);
      near(gemm[0].category_pct, 100, "single GEMM backend share");
      near(gemm[0].us_per_step, runFigures(i).categoryUs.GEMM, `run ${i + 1} GEMM µs/step`);
      near(ar[0].us_per_step, runFigures(i).categoryUs.AllReduce, `run ${i + 1} AllReduce µs/step`);
      const other = mine.filter((r) => r.category === "Other");
      near(other.reduce((a, r) => a + (r.category_pct as number), 0), 100, "Other shares add up");
      near(
        other.reduce((a, r) => a + (r.us_per_step as number), 0),
        runFigures(i).categoryUs.Other,
        "Other µs/step",
      );
    });
  } finally {
    await engine.close();
  }
});

Deno.test("fix_ladder: tokens/s per rung and percent of the reference, benchmark when linked", async () => {
  const engine = await exampleStore();
  try {
    const rows = await saved(engine, "fix_ladder", {
      runs: "baseline, fix-hipblaslt,fix-custom-ar,fix-graphs,6",
      reference: "baseline",
    });
    assert.deepEqual(rows.map((r) => r.run_id), [1, 2, 3, 4, 6]);
    assert.deepEqual(rows.map((r) => r.rung), [1, 2, 3, 4, 5]);
    const tok = (i: number) => runFigures(i).batch / (runFigures(i).stepUs / 1e6);
    [0, 1, 2, 3].forEach((i) => {
      const r = rows[i];
      assert.deepEqual(r.tok_s_source, "decode");
      assert.deepEqual(r.bench_tok_s, null);
      near(r.tok_s, tok(i), `rung ${i + 1} tok_s`);
      near(r.pct_of_reference, (100 * tok(i)) / tok(0), `rung ${i + 1} pct_of_reference`);
      if (i > 0) {
        near(r.gain_pct, (100 * (tok(i) - tok(i - 1))) / tok(i - 1), `rung ${i + 1} gain_pct`);
      }
    });
    assert.deepEqual(rows[0].gain_pct, null);
    const peak = Math.max(...benchDocs("vllm-0.9.3").map((d) => d.output_throughput));
    assert.deepEqual([rows[4].tok_s_source, rows[4].bench_tok_s, rows[4].tok_s], [
      "benchmark",
      peak,
      peak,
    ]);
    near(rows[4].decode_tok_s, tok(5), "rung 5 decode tok_s");
    assert.deepEqual(
      [rows[4].pct_of_reference, rows[4].gain_pct],
      [null, null],
      "no benchmark for the reference",
    );
    const vsNightly = await saved(engine, "fix_ladder", { runs: "5,6", reference: "5" });
    const peak92 = Math.max(...benchDocs("vllm-0.9.2").map((d) => d.output_throughput));
    near(vsNightly[1].pct_of_reference, (100 * peak) / peak92, "benchmark against benchmark");
  } finally {
    await engine.close();
  }
});

Deno.test("bench_throughput: per configuration, each build in time order with its change", async () => {
  const engine = await exampleStore();
  try {
    const rows = await saved(engine, "bench_throughput");
    const [a, b] = EXAMPLE_BENCH.map((x) => benchDocs(x.label));
    const expected = a.map((
      d,
    ) => [
      d.max_concurrency,
      d.output_throughput,
      b.find((x) => x.max_concurrency === d.max_concurrency)!.output_throughput,
    ])
      .sort((x, y) => x[0] - y[0]);
    assert.deepEqual(rows.length, 2 * expected.length);
    expected.forEach(([conc, before, after], i) => {
      const [r0, r1] = [rows[2 * i], rows[2 * i + 1]];
      assert.deepEqual([r0.concurrency, r1.concurrency, r0.label, r1.label], [
        conc,
        conc,
        "vllm-0.9.2",
        "vllm-0.9.3",
      ]);
      assert.deepEqual([r0.isl, r0.osl, r0.tp, r0.hardware, r0.request_rate], [
        1024,
        1024,
        8,
        "MI300X",
        "inf",
      ]);
      assert.deepEqual([r0.output_throughput, r1.output_throughput], [before, after]);
      assert.deepEqual(r0.change_pct, null);
      near(r1.change_pct, (100 * (after - before)) / before, `conc ${conc} change_pct`);
      assert.deepEqual(String(r1.run_time), "2026-03-11T03:15:00.000Z");
    });
  } finally {
    await engine.close();
  }
});

Deno.test("deno task sql runs a saved history query with --param", async () => {
  const dir = await Deno.makeTempDir({ prefix: "td-history-" });
  try {
    const db = `${dir}/store.duckdb`;
    const { openStore } = await import("../../lib/store/open.ts");
    const engine = await openStore({ path: db });
    await loadExamples(engine);
    await engine.close();
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        `${ROOT}lib/cli/sql.ts`,
        `${ROOT}queries/history/fix_ladder.sql`,
        "--db",
        db,
        "--param",
        "runs=fix-graphs,baseline",
        "--param",
        "reference=fix-graphs",
        "--json",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.deepEqual(out.code, 0, new TextDecoder().decode(out.stderr));
    const rows = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.deepEqual(rows.map((r: Row) => r.label), ["fix-graphs", "baseline"]);
    near(
      rows[1].pct_of_reference,
      (100 * runFigures(3).stepUs) / runFigures(0).stepUs,
      "baseline as % of fix-graphs",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
