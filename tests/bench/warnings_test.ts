/**
 * Comparison warnings fire on misleading comparisons (different hardware or
 * model, no shared matrix point, rate-limited points, no --ignore-eos, failed
 * requests) and stay silent on a clean one (MiniMax dep8 vs tep8).
 */
import assert from "node:assert/strict";
import { memoryStore, needsShared } from "../helpers.ts";
import { loadBenchmarks } from "../../lib/bench/load.ts";
import { loadBenchViews } from "../../lib/bench/views.ts";
import type { Engine } from "../../lib/db/engine.ts";
import { benchSample, filesUnder, jsonObjects, minimaxFiles } from "./helpers.ts";

async function warnings(e: Engine, a: string, b: string) {
  await loadBenchViews(e);
  return await e.query<{ severity: string; code: string; points: number | null; message: string }>(
    "SELECT * FROM bench_ab_warnings(?, ?)",
    [a, b],
  );
}

const codes = (rows: { severity: string; code: string }[], severity = "warn") =>
  rows.filter((r) => r.severity === severity).map((r) => r.code).sort();

Deno.test({
  name: "a clean A/B (same model, unthrottled, ignore-eos, no failures) raises no warning",
  ignore: needsShared(),
  async fn() {
    const e = await memoryStore();
    try {
      await loadBenchmarks(e, minimaxFiles("dep8"), { label: "dep8" });
      await loadBenchmarks(e, minimaxFiles("tep8"), { label: "tep8" });
      const w = await warnings(e, "dep8", "tep8");
      assert.deepEqual(codes(w), []);
      // only context: the points tep8 measured and dep8 did not
      assert.deepEqual(codes(w, "info"), ["unmatched_points"]);
      assert.equal(w[0].points, minimaxFiles("tep8").length - minimaxFiles("dep8").length);
      const per = await e.query("SELECT * FROM bench_result_warnings");
      assert.deepEqual(per, []);
    } finally {
      await e.close();
    }
  },
});

Deno.test({
  name: "different hardware, different model and no shared point are warned about",
  ignore: needsShared(),
  async fn() {
    const e = await memoryStore();
    try {
      await loadBenchmarks(e, minimaxFiles("dep8"), { label: "a", meta: { hardware: "mi355x" } });
      await loadBenchmarks(e, minimaxFiles("tep8"), { label: "b", meta: { hardware: "h200" } });
      assert.deepEqual(codes(await warnings(e, "a", "b")), ["different_hardware"]);
      const glm = filesUnder(benchSample("inferencex-token-slo-custom/glm-5"));
      await loadBenchmarks(e, glm, { label: "glm", meta: { hardware: "mi355x" } });
      assert.deepEqual(codes(await warnings(e, "a", "glm")), ["different_model"]);
      await loadBenchmarks(e, [benchSample("atom-recipe-dsr1-mxfp4-mi355x")], {
        label: "atom",
        meta: { hardware: "mi355x" },
      });
      // ATOM ran ISL 8192 / OSL 1024, MiniMax OSL 128: nothing to compare
      assert.deepEqual(codes(await warnings(e, "a", "atom")), [
        "different_model",
        "no_common_points",
      ]);
    } finally {
      await e.close();
    }
  },
});

Deno.test({
  name: "rate-limited points and runs without --ignore-eos are warned about (llm-d deployments)",
  ignore: needsShared(),
  async fn() {
    const e = await memoryStore();
    try {
      await loadBenchmarks(e, [benchSample("vllm-jsonl-llmd-deployments")], {
        labelBy: "deployment",
      });
      const w = await warnings(e, "no-features", "kvcache");
      assert.deepEqual(codes(w), ["ignore_eos_off", "rate_limited_throughput"]);
      const raw = jsonObjects(benchSample("vllm-jsonl-llmd-deployments/results.jsonl"));
      const finite = raw.filter((r) =>
        r.deployment === "kvcache" && r.request_rate !== "inf"
      ).length;
      assert.equal(w.find((r) => r.code === "rate_limited_throughput")!.points, finite);
      const per = await e.query<{ code: string; n: number }>(
        "SELECT code, count(*)::INT AS n FROM bench_result_warnings GROUP BY code ORDER BY code",
      );
      assert.deepEqual(per, [
        { code: "ignore_eos_off", n: raw.length },
        { code: "rate_limited", n: raw.filter((r) => r.request_rate !== "inf").length },
      ]);
    } finally {
      await e.close();
    }
  },
});

Deno.test({
  name: "failed requests are warned about, per result and in a comparison",
  ignore: needsShared(),
  async fn() {
    const e = await memoryStore();
    try {
      const dir = benchSample("from-docs");
      const [qwen3, qwen25] = filesUnder(dir).sort();
      assert.match(qwen25, /060114-qwen2\.5/);
      await loadBenchmarks(e, [qwen3], { label: "q3" });
      await loadBenchmarks(e, [qwen25], { label: "q25" });
      const w = await warnings(e, "q3", "q25");
      assert.ok(codes(w).includes("failed_requests"));
      assert.ok(codes(w).includes("rate_limited_throughput"));
      const failed = jsonObjects(qwen25)[0].failed as number;
      const per = await e.query<{ label: string; message: string }>(
        "SELECT label, message FROM bench_result_warnings WHERE code = 'failed_requests'",
      );
      assert.equal(per.length, 1);
      assert.equal(per[0].label, "q25");
      assert.match(per[0].message, new RegExp(`^${failed} of 200 requests failed`));
    } finally {
      await e.close();
    }
  },
});
