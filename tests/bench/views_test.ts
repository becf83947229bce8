/**
 * The benchmark views against independent computations: the matrix per
 * (ISL, OSL), Pareto flags by brute force over the JSON files, the decode
 * roofline by its formula, and the server-log health diagnosis from the raw
 * log lines.
 */
import assert from "node:assert/strict";
import { memoryStore, needsShared } from "../helpers.ts";
import { loadBenchmarks } from "../../lib/bench/load.ts";
import { loadBenchViews } from "../../lib/bench/views.ts";
import { benchSample, filesUnder, jsonObjects } from "./helpers.ts";

Deno.test({
  name: "bench_matrix: one row per label and point, tables per (ISL, OSL)",
  ignore: needsShared(),
  async fn() {
    const files = filesUnder(benchSample("inferencex-token-slo-custom/glm-5"));
    const e = await memoryStore();
    try {
      await loadBenchmarks(e, files, { label: "glm" });
      await loadBenchViews(e);
      const rows = await e.query("SELECT * FROM bench_matrix ORDER BY isl, concurrency");
      assert.equal(rows.length, files.length);
      const pairs = await e.query<{ isl: number; n: number }>(
        "SELECT isl, count(*)::INT AS n FROM bench_matrix GROUP BY isl ORDER BY isl",
      );
      const byIsl = new Map<number, number>();
      for (const f of files) {
        const isl = Number(/_isl(\d+)_/.exec(f)![1]);
        byIsl.set(isl, (byIsl.get(isl) ?? 0) + 1);
      }
      assert.deepEqual(
        pairs,
        [...byIsl.entries()].sort((a, b) => a[0] - b[0]).map(([isl, n]) => ({ isl, n })),
      );
      for (const r of rows) {
        const f = files.find((p) => p.endsWith(`_isl${r.isl}_osl128_conc${r.concurrency}.json`))!;
        const j = jsonObjects(f)[0] as Record<string, number>;
        assert.ok(Math.abs((r.p99_tpot_ms as number) - j.p99_tpot * 1000) < 1e-9);
        assert.ok(
          Math.abs((r.per_gpu_tput as number) - (j.input_throughput + j.output_throughput) / 8) <
            1e-9,
        );
        assert.ok(Math.abs((r.tok_s_per_user as number) - 1 / j.median_tpot) < 1e-9);
      }
    } finally {
      await e.close();
    }
  },
});

Deno.test({
  name: "bench_pareto: front flags equal a brute-force dominance check over the files",
  ignore: needsShared(),
  async fn() {
    const files = filesUnder(benchSample("inferencex-token-slo-custom/minimax-m2.5"));
    const pts = files.map((f) => {
      const j = jsonObjects(f)[0] as Record<string, number>;
      return {
        file: f,
        isl: Number(/_isl(\d+)_/.exec(f)![1]),
        x: (j.input_throughput + j.output_throughput) / 8,
        y: 1 / j.median_tpot,
      };
    });
    const front = (p: typeof pts[0]) =>
      !pts.some((q) =>
        q !== p && q.isl === p.isl && q.x >= p.x && q.y >= p.y && (q.x > p.x || q.y > p.y)
      );
    const e = await memoryStore();
    try {
      await loadBenchmarks(e, files, { label: "minimax" });
      await loadBenchViews(e);
      const rows = await e.query<
        { source_file: string; on_front: boolean; on_label_front: boolean }
      >(
        "SELECT r.source_file, p.on_front, p.on_label_front FROM bench_pareto p JOIN bench_results r USING (result_id)",
      );
      assert.equal(rows.length, files.length);
      for (const r of rows) {
        const p = pts.find((x) => x.file === r.source_file)!;
        assert.equal(r.on_front, front(p), r.source_file);
        assert.equal(r.on_label_front, r.on_front);
      }
      assert.ok(rows.some((r) => r.on_front) && rows.some((r) => !r.on_front));
    } finally {
      await e.close();
    }
  },
});

Deno.test({
  name: "bench_decode_roofline: step bound = (weights / TP + KV of the batch) / HBM bandwidth",
  ignore: needsShared(),
  async fn() {
    const e = await memoryStore();
    try {
      await loadBenchmarks(e, [benchSample("atom-recipe-dsr1-mxfp4-mi355x")], {
        meta: { hardware: "mi355x" },
      });
      await loadBenchViews(e);
      const weight = 3.6e11, kv = 70_000;
      const rows = await e.query(
        `SELECT r.source_file, f.* FROM bench_decode_roofline(?, kv_bytes_per_token := ?) f
         JOIN bench_results r USING (result_id)`,
        [weight, kv],
      );
      assert.equal(rows.length, 4);
      for (const r of rows) {
        const j = jsonObjects(String(r.source_file))[0] as Record<string, number> & {
          benchmark_args: Record<string, number>;
        };
        const a = j.benchmark_args;
        const gpus = Math.round(j.total_token_throughput / j.tput_per_gpu);
        const bytes = weight / gpus +
          kv * a.max_concurrency * (a.random_input_len + a.random_output_len / 2) / gpus;
        const minMs = bytes / 8e12 * 1e3; // MI355X: 8.0 TB/s
        assert.ok(Math.abs((r.min_step_ms as number) - minMs) < 1e-9);
        assert.ok(Math.abs((r.bandwidth_efficiency as number) - minMs / j.median_tpot_ms) < 1e-9);
      }
    } finally {
      await e.close();
    }
  },
});

Deno.test({
  name: "bench_log_health: queueing and KV saturation of the conc-32 V1 log, from its raw lines",
  ignore: needsShared(),
  async fn() {
    const path = benchSample(
      "derived/server-log-excerpts/vllm-0.21.0-v1-kimi-k2.5-mi355x-tp4-conc32.excerpt.log",
    );
    const stats = Deno.readTextFileSync(path).split("\n").filter((l) =>
      l.includes("Avg prompt throughput")
    )
      .map((l) => ({
        running: Number(/Running: (\d+)/.exec(l)![1]),
        waiting: Number(/Waiting: (\d+)/.exec(l)![1]),
        kv: Number(/GPU KV cache usage: ([\d.]+)%/.exec(l)![1]),
      }));
    const busy = stats.filter((s) => s.running + s.waiting > 0);
    const queued = busy.filter((s) => s.waiting > 0).length / busy.length;
    const saturated = busy.filter((s) => s.kv >= 90).length / busy.length;
    const e = await memoryStore();
    try {
      await loadBenchmarks(e, [path]);
      await loadBenchViews(e);
      const [h] = await e.query("SELECT * FROM bench_log_health");
      assert.equal(h.busy_samples, busy.length);
      assert.ok(Math.abs((h.queued_share as number) - queued) < 1e-12);
      assert.ok(Math.abs((h.kv_saturated_share as number) - saturated) < 1e-12);
      assert.equal(h.max_running, Math.max(...stats.map((s) => s.running)));
      assert.equal(h.client_concurrency, 32);
      assert.equal(h.queueing, queued >= 0.25);
      assert.equal(h.kv_saturated, saturated >= 0.1);
      assert.equal(h.ttft_cause, "queueing");
      // fewer than 32 ran while requests waited, below max_num_seqs = 32, with the KV cache full
      assert.equal(h.admission_limited, true);
      assert.equal(h.admission_limit, "kv_cache");
      assert.equal(h.kv_cache_tokens, 3_642_081);
      assert.match(String(h.diagnosis), /TTFT includes queueing/);
    } finally {
      await e.close();
    }
  },
});

Deno.test({
  name: "bench_log_health: a V0 log with no queue is diagnosed prefill-bound, not saturated",
  ignore: needsShared(),
  async fn() {
    const e = await memoryStore();
    try {
      await loadBenchmarks(e, [
        benchSample(
          "derived/server-log-excerpts/vllm-0.8.3-v0-llama-3.3-70b-tp4-pp2-ray.excerpt.log",
        ),
      ]);
      await loadBenchViews(e);
      const [h] = await e.query("SELECT * FROM bench_log_health");
      assert.equal(h.queueing, false);
      assert.equal(h.kv_saturated, false);
      assert.equal(h.preempting, false);
      assert.equal(h.ttft_cause, "prefill");
      // V0 logs blocks, not tokens: max concurrency × tokens per request
      assert.equal(h.kv_cache_tokens, Math.round(3.12 * 131072));
    } finally {
      await e.close();
    }
  },
});
