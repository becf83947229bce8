/**
 * vLLM server-log parsing of every shared excerpt (V1, V1 with an external
 * prefix cache, V0 with Ray and ANSI colours), checked against values cut out
 * of the raw lines with plain string operations.
 */
import assert from "node:assert/strict";
import { needsShared } from "../helpers.ts";
import { probeFile } from "../../lib/ingest/source.ts";
import { parseServerLog, sniffServerLog } from "../../lib/bench/server_log.ts";
import { headText } from "../../lib/ingest/source.ts";
import { benchSample } from "./helpers.ts";

const DIR = "derived/server-log-excerpts/";
const V1 = DIR + "vllm-0.21.0-v1-kimi-k2.5-mi355x-tp4-conc32.excerpt.log";
const LMCACHE = DIR + "vllm-0.21.0-v1-lmcache-external-prefix.excerpt.log";
const V0 = DIR + "vllm-0.8.3-v0-llama-3.3-70b-tp4-pp2-ray.excerpt.log";

/** The number after `label` on a line, read with indexOf/parseFloat. */
function after(line: string, label: string): number | null {
  const i = line.indexOf(label);
  return i < 0 ? null : parseFloat(line.slice(i + label.length).replace(/,/g, ""));
}

async function parse(rel: string) {
  const path = benchSample(rel);
  const file = await probeFile(path);
  assert.ok(sniffServerLog(headText(file)), `${rel} is recognised as a server log`);
  const lines = Deno.readTextFileSync(path).split("\n");
  return { log: await parseServerLog(file, null), lines };
}

function checkSeries(log: Awaited<ReturnType<typeof parse>>["log"], lines: string[]) {
  const stats = lines.map((l, i) => ({ l, n: i + 1 })).filter((x) =>
    x.l.includes("Avg prompt throughput")
  );
  assert.equal(log.series.length, stats.length);
  assert.equal(log.capacity.series_rows, stats.length);
  for (const [i, s] of log.series.entries()) {
    const line = stats[i].l;
    assert.equal(s.line_no, stats[i].n);
    assert.equal(s.prompt_tps, after(line, "Avg prompt throughput: "));
    assert.equal(s.generation_tps, after(line, "Avg generation throughput: "));
    assert.equal(s.running, after(line, "Running: "));
    assert.equal(s.waiting, after(line, "Waiting: ") ?? after(line, "Pending: "));
    assert.equal(s.gpu_kv_pct, after(line, "GPU KV cache usage: "));
    assert.ok(s.t_s !== null && s.t_s >= 0);
  }
  assert.equal(Math.min(...log.series.map((s) => s.t_s!)), 0);
}

Deno.test({
  name: "V1 log: capacity lines and the periodic Engine 000 stats",
  ignore: needsShared(),
  async fn() {
    const { log, lines } = await parse(V1);
    const cap = log.capacity;
    const sizeLine = lines.find((l) => l.includes("GPU KV cache size:"))!;
    assert.equal(cap.kv_cache_tokens, after(sizeLine, "GPU KV cache size: "));
    assert.equal(cap.kv_cache_tokens, 3_642_081);
    assert.equal(
      cap.kv_cache_gib,
      after(lines.find((l) => l.includes("Available KV cache memory"))!, "memory: "),
    );
    const concLine = lines.find((l) => l.includes("Maximum concurrency for"))!;
    assert.equal(cap.max_concurrency_tokens, after(concLine, "Maximum concurrency for "));
    assert.equal(cap.max_concurrency_x, after(concLine, "tokens per request: "));
    assert.equal(cap.engine_version, "V1");
    assert.equal(cap.vllm_version, "0.21.0");
    assert.equal(cap.model, "amd/Kimi-K2.5-MXFP4");
    assert.equal(cap.tp, 4);
    assert.equal(cap.max_num_seqs, 32);
    assert.equal(cap.block_size, 1);
    assert.equal(cap.kv_cache_dtype, "fp8");
    assert.equal(cap.client_concurrency, 32);
    checkSeries(log, lines);
    assert.ok(log.series.every((s) => s.engine_index === 0 && s.swapped === null));
    // 13:48:30 is the first stats line, 14:31:00 the last: 42.5 minutes
    assert.equal(log.series.at(-1)!.t_s, 42.5 * 60);
  },
});

Deno.test({
  name: "V1 log with an external prefix cache (LMCache) field, stats lines before startup lines",
  ignore: needsShared(),
  async fn() {
    const { log, lines } = await parse(LMCACHE);
    checkSeries(log, lines);
    const stats = lines.filter((l) => l.includes("Avg prompt throughput"));
    for (const [i, s] of log.series.entries()) {
      assert.equal(s.external_prefix_hit_pct, after(stats[i], "External prefix cache hit rate: "));
      assert.equal(s.prefix_hit_pct, after(stats[i], ", Prefix cache hit rate: "));
    }
    assert.equal(log.capacity.kv_cache_tokens, 3_640_828);
    assert.equal(log.capacity.vllm_version, "0.21.0");
  },
});

Deno.test({
  name: "V0 log with Ray prefixes and ANSI colours: blocks, swapped/pending, prefix hit lines",
  ignore: needsShared(),
  async fn() {
    const { log, lines } = await parse(V0);
    const cap = log.capacity;
    assert.equal(cap.engine_version, "V0");
    assert.equal(cap.vllm_version, "0.8.3");
    assert.equal(cap.tp, 4);
    assert.equal(cap.pp, 2);
    assert.equal(cap.max_model_len, 131072);
    const blocks = lines.find((l) => l.includes("# cuda blocks"))!;
    assert.equal(cap.gpu_blocks, after(blocks, "# cuda blocks: "));
    assert.equal(cap.cpu_blocks, after(blocks, "# CPU blocks: "));
    const reserved = lines.filter((l) => l.includes("reserved for KV Cache is"))
      .map((l) => after(l, "reserved for KV Cache is ")!);
    assert.equal(cap.kv_cache_gib, Math.min(...reserved));
    assert.equal(cap.max_concurrency_x, 3.12);
    assert.equal(cap.preemptions, null);
    checkSeries(log, lines);
    const stats = lines.filter((l) => l.includes("Avg prompt throughput"));
    for (const [i, s] of log.series.entries()) {
      assert.equal(s.swapped, after(stats[i], "Swapped: "));
      assert.equal(s.cpu_kv_pct, after(stats[i], "CPU KV cache usage: "));
      // the V0 prefix line follows its stats line
      const next = lines[s.line_no];
      assert.equal(s.prefix_hit_pct, after(next, "Prefix cache hit rate: GPU: "));
      assert.equal(s.cpu_prefix_hit_pct, after(next, "CPU: "));
    }
    assert.equal(log.series.at(-1)!.prefix_hit_pct, 58.5);
  },
});
