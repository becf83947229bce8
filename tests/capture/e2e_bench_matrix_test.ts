/**
 * bench-matrix end to end against stand-ins (`vllm serve` / `vllm bench
 * serve` on 127.0.0.1): one result per cell named by its matrix keys, the
 * server restarted per TP with its log kept, a hung cell cut by its timeout
 * and listed in failures.tsv, finished cells skipped on re-runs (no server
 * started when nothing is left), run.json written, and the folder loadable by
 * the benchmark loader with the matrix keys taken from the file names.
 *
 * @module
 */
import assert from "node:assert/strict";
import { memoryStore } from "../helpers.ts";
import { loadBenchmarks } from "../../lib/bench/load.ts";
import { CAPTURE, cleanEnv, freePort, run, toolDir } from "./standin_env.ts";

const CELLS = [[1, 1], [1, 3], [2, 1], [2, 3]];
const stem = (tp: number, conc: number) => `Llama-3.1-8B_tp${tp}_isl128_osl16_conc${conc}`;

async function serverStarts(out: string, tp: number): Promise<number> {
  const text = await Deno.readTextFile(`${out}/server_tp${tp}.log`);
  return text.split("\n").filter((l) => l.startsWith("==== bench-matrix: server start")).length;
}

Deno.test("bench-matrix: cells, per-TP servers, timeouts, resume, run.json, loadable results", async () => {
  const bin = await toolDir(["vllm", "amd-smi", "pip"]);
  const out = await Deno.makeTempDir({ prefix: "tracedeck-bench-" });
  const port = freePort();
  const matrix = (timeout: string, vars: Record<string, string> = {}) =>
    run([
      CAPTURE + "bench-matrix",
      "--model",
      "fake/Llama-3.1-8B",
      "--out",
      out,
      "--tp",
      "1,2",
      "--isl",
      "128",
      "--osl",
      "16",
      "--conc",
      "1,3",
      "--port",
      String(port),
      "--cell-timeout",
      timeout,
      "--health-timeout",
      "30",
    ], cleanEnv(bin, vars));
  const engine = await memoryStore();
  try {
    // 1: the concurrency-3 cells hang and are cut by the 4 s cell timeout
    const first = await matrix("4", { TRACEDECK_FAKE_BENCH_HANG_CONC: "3" });
    assert.equal(first.code, 1, first.stderr);
    const failures = (await Deno.readTextFile(`${out}/failures.tsv`)).trim().split("\n").map((l) =>
      l.split("\t")
    );
    assert.deepEqual(failures.map((f) => f.slice(0, 3)), [
      ["cell", "reason", "exit_code"],
      [stem(1, 3), "timed out after 4s", "124"],
      [stem(2, 3), "timed out after 4s", "124"],
    ]);
    for (const [tp, conc] of CELLS) {
      const exists = await Deno.stat(`${out}/${stem(tp, conc)}.json`).then(() => true, () => false);
      assert.equal(exists, conc === 1, stem(tp, conc));
    }
    const cell = JSON.parse(await Deno.readTextFile(`${out}/${stem(2, 1)}.json`));
    assert.deepEqual(
      [
        cell.num_prompts,
        cell.max_concurrency,
        cell.request_rate,
        cell.tp,
        cell.isl,
        cell.osl,
        cell.conc,
      ],
      [10, 1, "inf", "2", "128", "16", "1"],
    );
    assert.deepEqual([await serverStarts(out, 1), await serverStarts(out, 2)], [1, 1]);

    // 2: re-run: finished cells are skipped, the failed ones run, one server start per TP
    const second = await matrix("30");
    assert.equal(second.code, 0, second.stderr);
    assert.equal(
      second.stderr.split("\n").filter((l) => / skip .* \(result exists\)$/.test(l)).length,
      2,
    );
    assert.match(second.stderr, /4 cells: 2 run, 2 skipped, 0 failed/);
    assert.deepEqual([await serverStarts(out, 1), await serverStarts(out, 2)], [2, 2]);
    const c3 = JSON.parse(await Deno.readTextFile(`${out}/${stem(1, 3)}.json`));
    assert.deepEqual([c3.num_prompts, c3.max_concurrency], [30, 3]);

    // 3: nothing left: no server is started
    const third = await matrix("30");
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stderr, /4 cells: 0 run, 4 skipped, 0 failed/);
    assert.deepEqual([await serverStarts(out, 1), await serverStarts(out, 2)], [2, 2]);

    const manifest = JSON.parse(await Deno.readTextFile(`${out}/run.json`));
    assert.equal(manifest.tool, "bench-matrix");
    assert.equal(manifest.gpu.model, "AMD Instinct MI300X");
    assert.equal(
      manifest.server.command,
      `vllm serve fake/Llama-3.1-8B --tensor-parallel-size '{tp}' --port ${port}`,
    );
    assert.deepEqual(
      [
        manifest.capture.tp_list,
        manifest.capture.conc_list,
        manifest.capture.cells_skipped,
        manifest.capture.cells_run,
      ],
      ["1,2", "1,3", 4, 0],
    );

    // the benchmark loader takes the folder: one result per cell, keys from the names
    const loaded = await loadBenchmarks(engine, [out]);
    assert.equal(loaded.results, CELLS.length);
    const rows = await engine.query<
      { tp: number; isl: number; osl: number; concurrency: number; num_prompts: number }
    >(
      "SELECT tp, isl, osl, concurrency, num_prompts FROM bench_results ORDER BY tp, concurrency",
    );
    assert.deepEqual(
      rows,
      CELLS.map(([tp, conc]) => ({
        tp,
        isl: 128,
        osl: 16,
        concurrency: conc,
        num_prompts: conc * 10,
      })),
    );
  } finally {
    await engine.close();
    await Deno.remove(bin, { recursive: true });
    await Deno.remove(out, { recursive: true });
  }
});
