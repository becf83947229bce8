/**
 * `report --bench` A/B of the InferenceX MiniMax-M2.5 `dep8` files
 * (candidate) against the `tep8` files (baseline): the ratio table of
 * NAME.json matches ratios computed here straight from the JSON files, the
 * regression marks of the markdown match the thresholds applied by hand,
 * and `--fail-on-regression` turns them into exit status 1 through the CLI.
 */
import assert from "node:assert/strict";
import { needsShared } from "../helpers.ts";
import { jsonObjects, minimaxFiles } from "../bench/helpers.ts";
import { assertSelfContained, benchReport, benchReportCli, tempDir } from "./helpers.ts";

interface FilePoint {
  isl: number;
  conc: number;
  out: number;
  total: number;
  ttft: number;
  p99ttft: number;
  tpot: number;
  p99tpot: number;
}

/** The points of one side, read the plain way: lengths and concurrency from the file name. */
function filePoints(tag: string): FilePoint[] {
  return minimaxFiles(tag).map((path) => {
    const m = /_isl(\d+)_osl128_conc(\d+)\.json$/.exec(path)!;
    const j = jsonObjects(path)[0] as Record<string, number>;
    return {
      isl: Number(m[1]),
      conc: Number(m[2]),
      out: j.output_throughput,
      total: j.total_token_throughput ?? j.input_throughput + j.output_throughput,
      ttft: j.median_ttft,
      p99ttft: j.p99_ttft,
      tpot: j.median_tpot,
      p99tpot: j.p99_tpot,
    };
  });
}

/** Candidate/baseline throughput and baseline/candidate latency (seconds on both sides). */
function handRatios() {
  const cand = filePoints("dep8");
  const base = filePoints("tep8");
  return cand.flatMap((c) => {
    const b = base.find((x) => x.isl === c.isl && x.conc === c.conc);
    if (!b) return [];
    const ratios = {
      output_tput: c.out / b.out,
      total_tput: c.total / b.total,
      median_ttft: b.ttft / c.ttft,
      p99_ttft: b.p99ttft / c.p99ttft,
      median_tpot: b.tpot / c.tpot,
      p99_tpot: b.p99tpot / c.p99tpot,
    };
    // throughput more than 5% down, latency more than 10% up
    const limit = (k: string) => (k.endsWith("tput") ? 0.95 : 1 / 1.1);
    const regressed = Object.entries(ratios).filter(([k, v]) => v < limit(k)).map(([k]) => k);
    return [{ isl: c.isl, concurrency: c.conc, ratios, regressed }];
  }).sort((x, y) => x.isl - y.isl || x.concurrency - y.concurrency);
}

Deno.test({
  name: "dep8 vs tep8: NAME.json ratios equal a hand computation from the files",
  ignore: needsShared(),
  async fn() {
    const expected = handRatios();
    assert.equal(expected.length, 7);
    // both outcomes occur, so the marks are exercised
    assert.ok(
      expected.some((x) => x.regressed.length) &&
        expected.some((x) => !x.regressed.includes("output_tput")),
    );
    const { dir, done } = await tempDir();
    try {
      const r = await benchReport(
        [...minimaxFiles("dep8"), "--vs", ...minimaxFiles("tep8")],
        `${dir}/ab`,
      );
      assert.equal(r.code, 0);
      const c = r.json.comparison;
      assert.equal(r.json.schema, "tracedeck.bench-report/1");
      assert.equal(c.baseline, "minimax_m25_vllm_tep8");
      assert.equal(c.candidate, "minimax_m25_vllm_dep8");
      assert.equal(c.points, expected.length);
      for (const [i, x] of expected.entries()) {
        const row = c.rows[i];
        assert.equal(row.isl, x.isl);
        assert.equal(row.osl, 128);
        assert.equal(row.concurrency, x.concurrency);
        assert.equal(row.request_rate, "inf");
        for (const [k, v] of Object.entries(x.ratios)) {
          assert.ok(
            Math.abs(row.ratios[k] - v) < 1e-9,
            `${k} at ISL ${x.isl} c${x.concurrency}: ${row.ratios[k]} vs ${v}`,
          );
        }
        assert.deepEqual(
          row.regressed_ratios,
          x.regressed,
          `flags at ISL ${x.isl} c${x.concurrency}`,
        );
        assert.equal(row.regressed, x.regressed.length > 0);
      }
      assert.equal(c.regressions, expected.filter((x) => x.regressed.length).length);
      // latencies in ms although the files hold seconds
      const first = filePoints("tep8").find((p) =>
        p.isl === expected[0].isl && p.conc === expected[0].concurrency
      )!;
      assert.ok(Math.abs(c.rows[0].baseline.median_ttft_ms - first.ttft * 1000) < 1e-9);

      // the markdown ratio table: one row per point, a bold ▲ exactly where a flag is set
      const section = r.md.slice(r.md.indexOf("## A/B"), r.md.indexOf("## Warnings"));
      const rows = section.split("\n").filter((l) => /^\|\s*\d/.test(l));
      assert.equal(rows.length, expected.length);
      for (const [i, x] of expected.entries()) {
        const cells = rows[i].split("|").slice(1, -1).map((s) => s.trim());
        assert.deepEqual(cells.slice(0, 3), [String(x.isl), "128", String(x.concurrency)]);
        const ratios = cells.slice(5);
        const keys = [
          "output_tput",
          "total_tput",
          "median_ttft",
          "p99_ttft",
          "median_tpot",
          "p99_tpot",
        ] as const;
        for (const [j, k] of keys.entries()) {
          const marked = ratios[j].startsWith("**") && ratios[j].includes("▲");
          assert.equal(
            marked,
            x.regressed.includes(k),
            `${k} mark at ISL ${x.isl} c${x.concurrency}`,
          );
          assert.equal(ratios[j].replace(/[*▲\s]/g, ""), x.ratios[k].toFixed(3));
        }
      }
      assertSelfContained(r.html);
    } finally {
      await done();
    }
  },
});

Deno.test({
  name:
    "--fail-on-regression: exit 1 with a regression, 0 without, 2 on bad usage (through the CLI)",
  ignore: needsShared(),
  async fn() {
    const { dir, done } = await tempDir();
    try {
      const gate = await benchReportCli(
        [...minimaxFiles("dep8"), "--vs", ...minimaxFiles("tep8"), "--fail-on-regression"],
        `${dir}/gate`,
      );
      assert.equal(gate.code, 1, gate.stderr);
      assert.match(gate.stderr, /\(\d+ regressed point\(s\)\)/);
      assert.ok(gate.json.comparison.regressions > 0, "the report is still written");

      // the same files on both sides: every ratio is 1, nothing regresses
      const same = await benchReport(
        [
          ...minimaxFiles("tep8"),
          "--vs",
          ...minimaxFiles("tep8"),
          "--label",
          "again",
          "--vs-label",
          "first",
          "--fail-on-regression",
        ],
        `${dir}/same`,
      );
      assert.equal(same.code, 0);
      assert.equal(same.json.comparison.points, minimaxFiles("tep8").length);
      assert.equal(same.json.comparison.regressions, 0);
      assert.ok(
        same.json.comparison.rows.every((r: { ratios: Record<string, number> }) =>
          Object.values(r.ratios).every((v) => v === 1)
        ),
      );

      // without a baseline the gate is a usage error, and nothing is written
      const usage = await benchReportCli(
        [...minimaxFiles("tep8"), "--fail-on-regression"],
        `${dir}/usage`,
      );
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--fail-on-regression needs a baseline/);
      assert.equal(usage.md, "");
      const missing = await benchReportCli(
        [`${dir}/nope.json`, "--vs", ...minimaxFiles("tep8")],
        `${dir}/missing`,
      );
      assert.equal(missing.code, 2);
      assert.equal(missing.stderr.split("\n").filter((l) => l.startsWith("tracedeck:")).length, 1);
    } finally {
      await done();
    }
  },
});
