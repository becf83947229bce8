/**
 * A/B of the InferenceX MiniMax-M2.5 `dep8` files (baseline) against the
 * `tep8` files (candidate): the per-(ISL, concurrency) ratio table of
 * bench_ab matches a hand computation straight from the JSON files, on both
 * engines.
 */
import assert from "node:assert/strict";
import { ENGINES, memoryStore, needsShared } from "../helpers.ts";
import { loadBenchmarks } from "../../lib/bench/load.ts";
import { loadBenchViews } from "../../lib/bench/views.ts";
import { jsonObjects, minimaxFiles } from "./helpers.ts";

interface Point {
  isl: number;
  conc: number;
  out: number;
  ttft: number;
  tpot: number;
  p99tpot: number;
}

function points(tag: string): Point[] {
  return minimaxFiles(tag).map((path) => {
    const m = /_isl(\d+)_osl\d+_conc(\d+)\.json$/.exec(path)!;
    const j = jsonObjects(path)[0] as Record<string, number>;
    return {
      isl: Number(m[1]),
      conc: Number(m[2]),
      out: j.output_throughput,
      ttft: j.median_ttft,
      tpot: j.median_tpot,
      p99tpot: j.p99_tpot,
    };
  });
}

for (const kind of ENGINES) {
  Deno.test({
    name: `dep8 vs tep8 ratio table matches a hand computation from the JSON files (${kind})`,
    ignore: needsShared(),
    async fn() {
      const base = points("dep8");
      const cand = points("tep8");
      const expected = base.flatMap((b) => {
        const c = cand.find((x) => x.isl === b.isl && x.conc === b.conc);
        if (!c) return [];
        return [{
          isl: b.isl,
          concurrency: b.conc,
          output_tput_ratio: c.out / b.out,
          median_ttft_ratio: b.ttft / c.ttft, // seconds in both files: units cancel
          median_tpot_ratio: b.tpot / c.tpot,
          p99_tpot_ratio: b.p99tpot / c.p99tpot,
          regressed: c.out < 0.95 * b.out || c.ttft > 1.1 * b.ttft || c.tpot > 1.1 * b.tpot,
        }];
      }).sort((x, y) => x.isl - y.isl || x.concurrency - y.concurrency);
      assert.equal(expected.length, 7);

      const e = await memoryStore(kind);
      try {
        await loadBenchmarks(e, minimaxFiles("dep8"), { label: "dep8" });
        await loadBenchmarks(e, minimaxFiles("tep8"), { label: "tep8" });
        await loadBenchViews(e);
        const rows = await e.query(
          `SELECT isl, concurrency, output_tput_ratio, median_ttft_ratio, median_tpot_ratio, p99_tpot_ratio,
                  regressed, baseline_median_ttft_ms, osl, request_rate
           FROM bench_ab('dep8', 'tep8')`,
        );
        assert.equal(rows.length, expected.length);
        for (const [i, x] of expected.entries()) {
          const r = rows[i];
          assert.equal(r.isl, x.isl);
          assert.equal(r.concurrency, x.concurrency);
          assert.equal(r.osl, 128);
          assert.equal(r.request_rate, Infinity);
          for (
            const k of [
              "output_tput_ratio",
              "median_ttft_ratio",
              "median_tpot_ratio",
              "p99_tpot_ratio",
            ] as const
          ) {
            assert.ok(
              Math.abs((r[k] as number) - x[k]) < 1e-9,
              `${k} at isl ${x.isl} conc ${x.concurrency}`,
            );
          }
          assert.equal(r.regressed, x.regressed, `regressed at isl ${x.isl} conc ${x.concurrency}`);
        }
        // baseline TTFT is reported in ms although the files hold seconds
        const b0 = base.find((b) =>
          b.isl === expected[0].isl && b.conc === expected[0].concurrency
        )!;
        assert.ok(Math.abs((rows[0].baseline_median_ttft_ms as number) - b0.ttft * 1000) < 1e-9);
        // the data holds both outcomes, so the flags are exercised
        assert.ok(expected.some((x) => x.regressed) && expected.some((x) => !x.regressed));
      } finally {
        await e.close();
      }
    },
  });
}
