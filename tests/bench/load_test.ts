/**
 * Every shared benchmark sample loads, and the normalised values match the
 * files read the plain way (JSON.parse in the test, not the streaming loader).
 */
import assert from "node:assert/strict";
import { memoryStore, needsShared, sample } from "../helpers.ts";
import { loadBenchmarks } from "../../lib/bench/load.ts";
import type { Row } from "../../lib/db/engine.ts";
import { benchSample, filesUnder, jsonObjects } from "./helpers.ts";

const close = (a: unknown, b: number, what: string) =>
  assert.ok(
    typeof a === "number" && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)),
    `${what}: ${a} != ${b}`,
  );

async function resultsOf(folder: string, opts = {}): Promise<Row[]> {
  const e = await memoryStore();
  try {
    await loadBenchmarks(e, [benchSample(folder)], opts);
    return await e.query("SELECT * FROM bench_results ORDER BY source_file, source_index");
  } finally {
    await e.close();
  }
}

Deno.test({
  name: "every file under shared/samples/bench loads: one result per JSON object, one log per .log",
  ignore: needsShared(),
  async fn() {
    const root = sample("bench");
    const e = await memoryStore();
    try {
      for (const entry of [...Deno.readDirSync(root)].filter((d) => d.isDirectory)) {
        const dir = `${root}/${entry.name}`;
        const files = filesUnder(dir);
        const r = await loadBenchmarks(e, [dir]);
        assert.equal(r.duplicate, false);
        assert.deepEqual(
          r.files.filter((f) => f.kind === "skipped"),
          [],
          `${entry.name}: skipped files`,
        );
        const resultFiles = files.filter((f) => !/\.(log|commands)$/.test(f));
        const expected = resultFiles.reduce((n, f) => n + jsonObjects(f).length, 0);
        assert.equal(r.results, expected, `${entry.name}: results`);
        assert.equal(r.logs, files.filter((f) => f.endsWith(".log")).length, `${entry.name}: logs`);
        assert.equal(
          r.files.filter((f) => f.kind === "sidecar").length,
          files.filter((f) => f.endsWith(".commands")).length,
        );
      }
      const runs = await e.query<{ n: number }>(
        "SELECT count(*)::INT n FROM runs WHERE source_format = 'bench'",
      );
      assert.equal(runs[0].n, [...Deno.readDirSync(root)].filter((d) => d.isDirectory).length);
    } finally {
      await e.close();
    }
  },
});

Deno.test({
  name:
    "vLLM --append-result JSON Lines: goodput typo key, 'inf' rate, string metadata as matrix keys",
  ignore: needsShared(),
  async fn() {
    const path = benchSample("vllm-jsonl-llmd-deployments/results.jsonl");
    const raw = jsonObjects(path);
    const rows = await resultsOf("vllm-jsonl-llmd-deployments", { labelBy: "deployment" });
    assert.equal(rows.length, 9);
    for (const [i, row] of rows.entries()) {
      const src = raw[i];
      assert.equal(row.variant, "vllm");
      assert.equal(row.label, src.deployment);
      close(row.output_throughput, src.output_throughput as number, "output_throughput");
      close(row.median_tpot_ms, src.median_tpot_ms as number, "median_tpot_ms");
      assert.equal(row.request_goodput, null);
      assert.equal(row.request_rate, src.request_rate === "inf" ? Infinity : src.request_rate);
      assert.equal(row.rate_limited, src.request_rate !== "inf");
      assert.equal(row.isl, Number(src.input_len));
      assert.equal(row.osl, Number(src.output_len));
      assert.equal(row.hardware, src.gpu);
      assert.equal(row.gpu_model, "L40S");
      assert.equal(row.gpu_count, 4);
      assert.equal(row.failed, (src.num_prompts as number) - (src.completed as number));
      // outputs far below OSL: requests stopped at EOS
      assert.ok(
        (src.total_output_tokens as number) / (src.completed as number) <
          0.95 * Number(src.output_len),
      );
      assert.equal(row.ignore_eos, false);
    }
  },
});

Deno.test({
  name:
    "InferenceX custom files: seconds become ms, TP/ISL/OSL/concurrency come from the file name",
  ignore: needsShared(),
  async fn() {
    const rows = await resultsOf("inferencex-token-slo-custom");
    assert.equal(rows.length, filesUnder(benchSample("inferencex-token-slo-custom")).length);
    for (const row of rows) {
      const src = jsonObjects(String(row.source_file))[0];
      const name = /_(tp|dep|tep)(\d+)_isl(\d+)_osl(\d+)_conc(\d+)\.json$/.exec(
        String(row.source_file),
      )!;
      assert.equal(row.variant, "inferencex-custom");
      close(row.median_ttft_ms, (src.median_ttft as number) * 1000, "median_ttft_ms");
      close(row.p99_ttft_ms, (src.p99_ttft as number) * 1000, "p99_ttft_ms");
      close(row.median_tpot_ms, (src.median_tpot as number) * 1000, "median_tpot_ms");
      close(row.p99_e2el_ms, (src.p99_e2el as number) * 1000, "p99_e2el_ms");
      close(row.output_throughput, src.output_throughput as number, "output_throughput");
      close(
        row.total_throughput,
        (src.input_throughput as number) + (src.output_throughput as number),
        "total_throughput",
      );
      assert.equal(row.tp, Number(name[2]));
      assert.equal(row.parallelism, `${name[1]}${name[2]}`);
      assert.equal(row.dp_attention, name[1] === "tp" ? null : name[1] === "dep");
      assert.equal(row.isl, Number(name[3]));
      assert.equal(row.osl, Number(name[4]));
      assert.equal(row.concurrency, Number(name[5]));
      assert.equal(row.concurrency, src.max_concurrency);
      assert.equal(row.backend, "vllm");
      assert.equal(row.tpot_source, "reported");
      // every request produced exactly OSL tokens
      assert.equal(src.total_output_tokens, (src.completed as number) * Number(name[4]));
      assert.equal(row.ignore_eos, true);
      assert.equal(row.failed, 0);
    }
  },
});

Deno.test({
  name:
    "ATOM recipe results: benchmark_args give ISL/OSL/concurrency, tput_per_gpu gives the GPU count",
  ignore: needsShared(),
  async fn() {
    const rows = await resultsOf("atom-recipe-dsr1-mxfp4-mi355x", { meta: { hardware: "mi355x" } });
    assert.equal(rows.length, 4);
    for (const row of rows) {
      const src = jsonObjects(String(row.source_file))[0];
      const args = src.benchmark_args as Record<string, number | string>;
      assert.equal(row.variant, "atom");
      assert.equal(row.isl, args.random_input_len);
      assert.equal(row.osl, args.random_output_len);
      assert.equal(row.concurrency, args.max_concurrency);
      assert.equal(row.model, args.model);
      close(row.tput_per_gpu, src.tput_per_gpu as number, "tput_per_gpu");
      close(row.interactivity, src.interactivity as number, "interactivity");
      assert.equal(
        row.gpu_count,
        Math.round((src.total_token_throughput as number) / (src.tput_per_gpu as number)),
      );
      assert.equal(row.gpu_model, "MI355X");
      assert.equal(row.hbm_tbps, 8);
      const meta = JSON.parse(String(row.metadata));
      assert.equal(
        meta["accuracy.gsm8k_metric"],
        (src.accuracy as Record<string, number>).gsm8k_metric,
      );
    }
  },
});

Deno.test({
  name:
    "InferenceX aggregated rows: arrays and single rows, seconds to ms, hardware and parallelism",
  ignore: needsShared(),
  async fn() {
    const rows = await resultsOf("inferencex-agg-agentic");
    assert.equal(rows.length, 4);
    for (const row of rows) {
      const src = jsonObjects(String(row.source_file))[Number(row.source_index)];
      assert.equal(row.variant, "inferencex-agg");
      close(row.mean_ttft_ms, (src.mean_ttft as number) * 1000, "mean_ttft_ms");
      close(row.p90_tpot_ms, (src.p90_tpot as number) * 1000, "p90_tpot_ms");
      close(row.output_throughput, src.output_tput_tps as number, "output_throughput");
      close(row.tput_per_gpu, src.tput_per_gpu as number, "tput_per_gpu");
      assert.equal(row.concurrency, src.conc);
      assert.equal(row.tp, src.tp);
      assert.equal(row.gpu_model, "MI355X");
      assert.equal(row.scenario, "agentic-coding");
      assert.equal(row.dp_attention, false);
      assert.equal(row.completed, src.num_requests_successful);
      assert.equal(row.isl, null);
    }
  },
});

Deno.test({
  name:
    "AIPerf export: p50 is the median, inter_token_latency is TPOT, ignore_eos from the request extras",
  ignore: needsShared(),
  async fn() {
    const src = jsonObjects(benchSample("aiperf/profile_export_aiperf.json"))[0] as Record<
      string,
      Record<string, number>
    >;
    const [row] = await resultsOf("aiperf");
    assert.equal(row.variant, "aiperf");
    close(row.median_ttft_ms, src.time_to_first_token.p50, "median_ttft_ms");
    close(row.p99_ttft_ms, src.time_to_first_token.p99, "p99_ttft_ms");
    close(row.median_tpot_ms, src.inter_token_latency.p50, "median_tpot_ms");
    close(row.median_itl_ms, src.inter_chunk_latency.p50, "median_itl_ms");
    close(row.mean_e2el_ms, src.request_latency.avg, "mean_e2el_ms");
    close(row.output_throughput, src.output_token_throughput.avg, "output_throughput");
    assert.equal(row.completed, src.request_count.avg);
    assert.equal(row.concurrency, 16);
    assert.equal(row.model, "amd/Kimi-K2.5-MXFP4");
    assert.equal(row.ignore_eos, true);
    assert.equal(row.failed, 0);
  },
});

Deno.test({
  name: "vLLM nightly table: human column names, .commands sidecars give rate and --ignore-eos",
  ignore: needsShared(),
  async fn() {
    const rows = await resultsOf("vllm-nightly-table-llm-k8s");
    assert.equal(rows.length, 24);
    for (const row of rows) {
      const src = jsonObjects(String(row.source_file))[Number(row.source_index)] as Record<
        string,
        number | string
      >;
      const test = String(src["Test name"]);
      const name = /tp(\d+)_pp(\d+)_.*qps_(\w+)$/.exec(test)!;
      assert.equal(row.variant, "vllm-nightly-table");
      close(row.output_throughput, src["Output Tput (tok/s)"] as number, "output_throughput");
      close(row.p99_tpot_ms, src["P99 TPOT (ms)"] as number, "p99_tpot_ms");
      assert.equal(row.completed, src["# of req."]);
      assert.equal(row.hardware, src.GPU);
      assert.equal(row.tp, Number(name[1]));
      assert.equal(row.pp, Number(name[2]));
      assert.equal(row.request_rate, name[3] === "inf" ? Infinity : Number(name[3]));
      assert.equal(row.dataset, "sharegpt");
      assert.equal(row.ignore_eos, false);
      assert.match(String(row.ignore_eos_evidence), /no --ignore-eos/);
    }
  },
});

Deno.test({
  name: "newest vllm bench serve shape and derived raw files with per-request arrays",
  ignore: needsShared(),
  async fn() {
    const docs = await resultsOf("from-docs");
    assert.equal(docs.length, 2);
    for (const row of docs) {
      const src = jsonObjects(String(row.source_file))[0];
      assert.equal(row.failed, src.failed);
      assert.equal(row.label, "from-docs");
      close(row.total_throughput, src.total_token_throughput as number, "total_throughput");
    }
    const raw = await resultsOf("derived");
    assert.equal(raw.length, 16);
    for (const row of raw) {
      const src = jsonObjects(String(row.source_file))[0];
      const errors = (src.errors as string[]).filter((e) => e !== "").length;
      assert.equal(row.failed, errors);
      assert.equal(row.completed, (src.ttfts as number[]).length - errors);
      close(row.median_ttft_ms, src.median_ttft_ms as number, "median_ttft_ms");
      assert.equal(row.tp, Number(/_tp(\d+)_/.exec(String(row.source_file))![1]));
      // prompt lengths vary (ShareGPT), so the output lengths cannot tell
      assert.equal(row.ignore_eos, null);
    }
  },
});
