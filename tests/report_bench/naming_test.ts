/**
 * The small rules of `report --bench`: default labels from file names,
 * `--vs` taking every path up to the next option, configuration names that
 * show only what tells rows apart, and labels that must differ.
 */
import assert from "node:assert/strict";
import { expandVs } from "../../lib/cli/report_bench.ts";
import { UsageError } from "../../lib/cli/errors.ts";
import { pathsLabel } from "../../lib/report/bench/inputs.ts";
import { seriesNamer } from "../../lib/report/bench/series.ts";
import { benchReport, tempDir } from "./helpers.ts";

Deno.test("default labels: one path's name, else the common start cut to a whole word", () => {
  assert.equal(pathsLabel(["runs/base.jsonl"]), "base");
  assert.equal(pathsLabel(["runs/nightly/"]), "nightly");
  assert.equal(
    pathsLabel([
      "d/minimax_m25_vllm_dep8_isl1024_osl128_conc4.json",
      "d/minimax_m25_vllm_dep8_isl2048_osl128_conc8.json",
    ]),
    "minimax_m25_vllm_dep8",
  );
  assert.equal(pathsLabel(["a/x.json", "b/y.json", "c/z.json"]), "x +2");
});

Deno.test("--vs takes every path up to the next option", () => {
  assert.deepEqual(expandVs(["c1", "c2", "--vs", "b1", "b2", "--out", "o"]), [
    "c1",
    "c2",
    "--vs=b1",
    "--vs=b2",
    "--out",
    "o",
  ]);
  assert.deepEqual(expandVs(["c", "--vs=b"]), ["c", "--vs=b"]);
  assert.throws(() => expandVs(["c", "--vs", "--out", "o"]), UsageError);
});

Deno.test("configuration names show the parts that differ, once", () => {
  const rows = [
    { label: "run_tep8", model: "org/M", hardware_key: "MI355X", parallelism: "tep8", tp: 8 },
    { label: "run_dep8", model: "org/M", hardware_key: "MI355X", parallelism: "dep8", tp: 8 },
  ];
  const name = seriesNamer(rows);
  assert.deepEqual(rows.map(name), ["run_tep8", "run_dep8"]);
  const mixed = [
    { label: "a", model: "org/Big-Model", hardware_key: null, parallelism: null, tp: 4 },
    { label: "a", model: "other/Small", hardware_key: null, parallelism: null, tp: 2 },
  ];
  assert.deepEqual(mixed.map(seriesNamer(mixed)), ["Big-Model · tp4", "Small · tp2"]);
  assert.deepEqual([mixed[0]].map(seriesNamer([mixed[0]])), ["a"]);
});

Deno.test("equal --label and --vs-label are a usage error; equal derived labels are told apart", async () => {
  const { dir, done } = await tempDir();
  try {
    const file = `${dir}/r.json`;
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        backend: "vllm",
        model_id: "m",
        max_concurrency: 4,
        request_rate: "inf",
        output_throughput: 100,
      }),
    );
    await assert.rejects(
      () => benchReport([file, "--vs", file, "--label", "x", "--vs-label", "x"], `${dir}/x`),
      UsageError,
    );
    const r = await benchReport([file, "--vs", file], `${dir}/same`);
    assert.equal(r.json.comparison.baseline, "r (baseline)");
    assert.equal(r.json.comparison.candidate, "r (candidate)");
    assert.equal(r.json.comparison.points, 1);
  } finally {
    await done();
  }
});
