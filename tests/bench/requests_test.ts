/**
 * Per-request arrays (TPOT derived as (latency − TTFT) / (output_len − 1)),
 * `--ignore-eos` judged from output lengths, SGLang JSON Lines with Python's
 * `Infinity`, JSON Lines whose first line is longer than the sniffed head, and
 * gzip'd results.
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { memoryStore } from "../helpers.ts";
import { loadBenchmarks } from "../../lib/bench/load.ts";
import { rewriteNonFiniteText } from "../../lib/bench/json_non_finite.ts";

/** A detailed vLLM result: 5 requests, one failed, ITLs given per request (seconds). */
function detailedResult() {
  const ttfts = [0.1, 0.2, 0.15, 0, 0.12];
  const itls = [[0.01, 0.02, 0.03], [0.02, 0.02], [0.05, 0.01, 0.01, 0.01], [], [0.04]];
  const outputLens = [4, 3, 5, 0, 2];
  return {
    date: "20250101-120000",
    backend: "vllm",
    model_id: "m",
    num_prompts: 5,
    request_rate: "inf",
    max_concurrency: 4,
    duration: 2.0,
    completed: 4,
    total_input_tokens: 400,
    total_output_tokens: 14,
    request_throughput: 2.0,
    output_throughput: 7.0,
    total_token_throughput: 207.0,
    input_lens: [100, 100, 100, 100, 100],
    output_lens: outputLens,
    ttfts,
    itls,
    generated_texts: ["a", "b", "c", "", "d"],
    errors: ["", "", "", "timeout", ""],
    mean_ttft_ms: 142.5,
  };
}

async function loadFile(name: string, bytes: Uint8Array | string, opts = {}) {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-bench-" });
  const path = `${dir}/${name}`;
  if (typeof bytes === "string") await Deno.writeTextFile(path, bytes);
  else await Deno.writeFile(path, bytes);
  const e = await memoryStore();
  try {
    await loadBenchmarks(e, [path], opts);
    const rows = await e.query("SELECT * FROM bench_results ORDER BY source_index");
    const stats = await e.query(
      "SELECT * FROM bench_result_stats ORDER BY result_id, metric, stat",
    );
    return { rows, stats };
  } finally {
    await e.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("TPOT and E2E latency are derived from per-request arrays when the file lacks them", async () => {
  const src = detailedResult();
  const { rows } = await loadFile("serving_tp2_isl100_osl4.json", JSON.stringify(src));
  const r = rows[0];
  // by hand: ok requests 0,1,2,4; TPOT = sum(itl) / (out - 1) for out > 1
  const tpots = [0.06 / 3, 0.04 / 2, 0.08 / 4, 0.04 / 1].map((s) => s * 1000).sort((a, b) => a - b);
  assert.equal(r.tpot_source, "derived");
  assert.ok(Math.abs((r.median_tpot_ms as number) - (tpots[1] + tpots[2]) / 2) < 1e-9);
  assert.ok(Math.abs((r.mean_tpot_ms as number) - tpots.reduce((a, b) => a + b) / 4) < 1e-9);
  // E2E = TTFT + sum(ITL): 160, 240, 230, 160 ms; numpy p99 of [160, 160, 230, 240] = 230 + 0.97 × 10
  assert.ok(Math.abs((r.p99_e2el_ms as number) - 239.7) < 1e-9);
  // the reported TTFT mean is kept, not recomputed
  assert.equal(r.mean_ttft_ms, 142.5);
  assert.equal(r.failed, 1);
  assert.equal(r.tp, 2);
  assert.equal(r.isl, 100);
  // outputs vary although every prompt is 100 tokens: EOS stopped requests
  assert.equal(r.ignore_eos, false);
});

Deno.test("equal output lengths equal to OSL mean --ignore-eos was in force", async () => {
  const src = detailedResult();
  src.output_lens = [4, 4, 4, 0, 4];
  const { rows } = await loadFile("run_osl4.json", JSON.stringify(src));
  assert.equal(rows[0].ignore_eos, true);
  assert.match(
    String(rows[0].ignore_eos_evidence),
    /all 4 per-request output lengths are 4 tokens/,
  );
});

Deno.test("a detailed result streamed in pieces equals the same result read as one JSON Lines line", async () => {
  const src = detailedResult();
  // pad generated_texts so the object is far longer than the 64 KiB sniffed head
  src.generated_texts = src.generated_texts.map((t) => t + "x".repeat(40_000));
  const single = await loadFile("big.json", JSON.stringify(src, null, 1));
  const lines = await loadFile(
    "big_lines.json",
    JSON.stringify(src) + "\n" + JSON.stringify(src) + "\n",
  );
  assert.equal(lines.rows.length, 2);
  for (const k of ["median_tpot_ms", "p99_e2el_ms", "failed", "ignore_eos", "output_throughput"]) {
    assert.equal(lines.rows[0][k], single.rows[0][k], k);
    assert.equal(lines.rows[1][k], single.rows[0][k], k);
  }
});

Deno.test("gzip'd results load like plain ones", async () => {
  const text = JSON.stringify(detailedResult());
  const plain = await loadFile("r.json", text);
  const gz = await loadFile("r.json.gz", gzipSync(new TextEncoder().encode(text)));
  assert.equal(gz.rows[0].median_tpot_ms, plain.rows[0].median_tpot_ms);
});

Deno.test("SGLang bench_serving JSON Lines: Infinity rate, measured concurrency, random lengths", async () => {
  // keys as python/sglang/bench_serving.py writes them; Python's json.dumps writes Infinity / NaN
  const line = (conc: number, tput: number) =>
    `{"backend": "sglang", "dataset_name": "random", "request_rate": Infinity, "max_concurrency": ${conc}, ` +
    `"sharegpt_output_len": null, "random_input_len": 1024, "random_output_len": 256, "random_range_ratio": 1.0, ` +
    `"duration": 60.0, "completed": 500, "total_input_tokens": 512000, "total_output_tokens": 128000, ` +
    `"total_output_tokens_retokenized": 127990, "request_throughput": 8.3, "input_throughput": 8533.3, ` +
    `"output_throughput": ${tput}, "mean_e2e_latency_ms": 7000.5, "median_e2e_latency_ms": 6900.1, ` +
    `"std_e2e_latency_ms": 10.0, "p99_e2e_latency_ms": 7500.0, "mean_ttft_ms": 120.0, "median_ttft_ms": 110.0, ` +
    `"std_ttft_ms": NaN, "p99_ttft_ms": 300.0, "mean_tpot_ms": 27.0, "median_tpot_ms": 26.5, ` +
    `"std_tpot_ms": 1.0, "p99_tpot_ms": 30.0, "mean_itl_ms": 27.0, "median_itl_ms": 26.0, "std_itl_ms": 2.0, ` +
    `"p95_itl_ms": 29.0, "p99_itl_ms": 31.0, "concurrency": ${conc - 0.7}, "accept_length": null}`;
  const { rows, stats } = await loadFile(
    "sglang_0101_500_1024_256.jsonl",
    `${line(64, 2133.3)}\n${line(32, 1500)}\n`,
  );
  assert.equal(rows.length, 2);
  const [a, b] = rows;
  assert.equal(a.variant, "sglang");
  assert.equal(a.request_rate, Infinity);
  assert.equal(a.rate_limited, false);
  assert.equal(a.concurrency, 64);
  assert.equal(a.mean_concurrency, 63.3);
  assert.equal(b.concurrency, 32);
  assert.equal(a.isl, 1024);
  assert.equal(a.osl, 256);
  assert.equal(a.median_e2el_ms, 6900.1);
  assert.equal(a.median_tpot_ms, 26.5);
  assert.equal(a.backend, "sglang");
  // total output = completed × OSL
  assert.equal(a.ignore_eos, true);
  assert.ok(Math.abs((a.total_throughput as number) - (8533.3 + 2133.3)) < 1e-9);
  // NaN std is dropped, p95 ITL is kept in the long table
  assert.ok(!stats.some((s) => s.metric === "ttft" && s.stat === "std"));
  assert.ok(stats.some((s) => s.metric === "itl" && s.stat === "p95" && s.value === 29));
});

Deno.test("Python non-finite numbers are rewritten outside strings only", () => {
  assert.equal(
    rewriteNonFiniteText('{"a": Infinity, "b": -Infinity, "c": NaN, "d": "NaN Infinity", "e": -1}'),
    '{"a": "inf", "b": "-inf", "c": null, "d": "NaN Infinity", "e": -1}',
  );
});
