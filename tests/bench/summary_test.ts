/**
 * benchSummary: one plain object with the matrix tables per (ISL, OSL), the
 * A/B comparison and its warnings, Pareto points, roofline, log health and
 * per-result warnings.
 */
import assert from "node:assert/strict";
import { memoryStore, needsShared } from "../helpers.ts";
import { loadBenchmarks } from "../../lib/bench/load.ts";
import { benchSummary } from "../../lib/bench/summary.ts";
import { benchSample, minimaxFiles } from "./helpers.ts";

Deno.test({
  name: "benchSummary groups the matrix per (ISL, OSL) and carries the A/B, health and warnings",
  ignore: needsShared(),
  async fn() {
    const e = await memoryStore();
    try {
      const meta = { hardware: "mi355x" };
      await loadBenchmarks(e, minimaxFiles("dep8"), { label: "dep8", meta });
      await loadBenchmarks(e, minimaxFiles("tep8"), { label: "tep8", meta });
      await loadBenchmarks(e, [benchSample("derived/server-log-excerpts")], { label: "logs" });
      const everything = await benchSummary(e);
      assert.deepEqual(everything.labels, ["dep8", "logs", "tep8"]);
      assert.equal(everything.health.length, 3);
      assert.equal(everything.comparison, null);
      assert.equal(everything.roofline, null);
      const s = await benchSummary(e, {
        labels: ["dep8", "tep8"],
        baseline: "dep8",
        candidate: "tep8",
        weightBytes: 2.3e11,
      });
      assert.deepEqual(s.labels, ["dep8", "tep8"]);
      const isls = new Set(
        [...minimaxFiles("dep8"), ...minimaxFiles("tep8")].map((f) =>
          Number(/_isl(\d+)_/.exec(f)![1])
        ),
      );
      assert.deepEqual(s.tables.map((t) => t.isl), [...isls].sort((a, b) => a - b));
      assert.ok(s.tables.every((t) => t.osl === 128 && t.rows.every((r) => r.isl === t.isl)));
      assert.equal(
        s.tables.reduce((n, t) => n + t.rows.length, 0),
        minimaxFiles("dep8").length + minimaxFiles("tep8").length,
      );
      const c = s.comparison!;
      assert.equal(c.rows.length, 7);
      assert.equal(c.regressions, c.rows.filter((r) => r.regressed).length);
      assert.equal(c.regressions + c.improvements <= c.rows.length, true);
      assert.deepEqual(c.warnings.filter((w) => w.severity === "warn"), []);
      assert.equal(s.pareto.length, 72);
      // weights 2.3e11 bytes over TP 8 on an 8 TB/s MI355X: 3.59375 ms per step at best
      assert.equal(s.roofline!.length, 72);
      assert.ok(
        s.roofline!.every((r) =>
          Math.abs((r.min_step_ms as number) - 2.3e11 / 8 / 8e12 * 1e3) < 1e-12
        ),
      );
      // the health rows belong to the 'logs' label, which this summary does not cover
      assert.deepEqual(s.health, []);
    } finally {
      await e.close();
    }
  },
});
