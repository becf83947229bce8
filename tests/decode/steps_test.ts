import assert from "node:assert/strict";
import { ENGINES, memoryStore, needsShared, sample } from "../helpers.ts";
import { ingestPath } from "../../lib/ingest/mod.ts";
import { decodeSummaries, type DecodeSummary } from "../../lib/analysis/decode.ts";

async function summarise(
  path: string,
  opts: Parameters<typeof decodeSummaries>[2] = {},
  engine: "native" | "wasm" = "native",
): Promise<DecodeSummary> {
  const e = await memoryStore(engine);
  try {
    const r = await ingestPath(e, path);
    return (await decodeSummaries(e, [r.run_id], opts))[0];
  } finally {
    await e.close();
  }
}

function python(script: string, ...args: string[]): unknown {
  const out = new Deno.Command("python3", { args: ["-c", script, ...args] }).outputSync();
  if (out.code !== 0) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const near = (a: number | null, b: number, rel = 0.001) =>
  assert.ok(
    a !== null && Math.abs(a - b) <= rel * Math.abs(b),
    `${a} is not within ${rel * 100}% of ${b}`,
  );

Deno.test({
  name:
    "decode: the H100 Mixtral trace gives exactly its 16 annotated decode steps (and the prefill apart)",
  ignore: needsShared(),
  fn: async () => {
    const s = await summarise(sample("nvidia/h100_mixtral-like_decode_userannot.json.gz"));
    assert.deepEqual(s.decode.found, { decode: 16, prefill: 1, mixed: 0 });
    assert.equal(s.decode.step_source, "marker");
    assert.equal(s.decode.steps + s.decode.skipped, 16);
    assert.deepEqual(
      s.steps.filter((x) => x.kind === "decode").map((x) => x.marker),
      Array.from({ length: 16 }, (_, i) => `decode_step_${i}`),
    );
  },
});

Deno.test({
  name: "decode: summary numbers match an independent computation over the raw events (0.1%)",
  ignore: needsShared(),
  fn: async () => {
    const path = sample("nvidia/h100_mixtral-like_decode_userannot.json.gz");
    const s = await summarise(path, { skip: 0 });
    // Python: GPU-side decode annotations own the kernels that start inside them.
    const want = python(
      `
import gzip, json, sys, statistics
ev = json.load(gzip.open(sys.argv[1]))["traceEvents"]
ks = sorted((e["ts"], e["ts"] + e["dur"]) for e in ev if e.get("cat") == "kernel")
steps = sorted((e["ts"], e["ts"] + e["dur"]) for e in ev if e.get("cat") == "gpu_user_annotation" and e["name"].startswith("decode_step_"))
spans, busys, ktime = [], [], 0.0
for a, b in steps:
    mine = [k for k in ks if a <= k[0] <= b]
    ktime += sum(e - s for s, e in mine)
    busy, cur = 0.0, None
    for s0, e0 in mine:
        if cur is None or s0 > cur[1]:
            if cur: busy += cur[1] - cur[0]
            cur = [s0, e0]
        else:
            cur[1] = max(cur[1], e0)
    busy += cur[1] - cur[0]
    spans.append(max(b, max(e for _, e in mine)) - min(a, min(s for s, _ in mine)))
    busys.append(busy)
print(json.dumps({"step": statistics.median(spans), "busy": statistics.median(busys), "kernel_per_step": ktime / len(steps),
                  "idle_pct": 100 * (sum(spans) - sum(busys)) / sum(spans)}))
`,
      path,
    ) as { step: number; busy: number; kernel_per_step: number; idle_pct: number };
    assert.equal(s.decode.steps, 16);
    near(s.decode.step_us.median, want.step);
    near(s.decode.busy_us.median, want.busy);
    near(s.decode.idle_pct, want.idle_pct);
    near(s.decode.categories.reduce((a, c) => a + c.us_per_step, 0), want.kernel_per_step);
    near(s.decode.categories.reduce((a, c) => a + c.pct, 0), 100);
  },
});

Deno.test({
  name: "decode: the SGLang decode sample is one pure decode step of batch 32",
  ignore: needsShared(),
  fn: async () => {
    const s = await summarise(sample("amd/mi300x_sglang_qwen3-8b_decode.json.gz"));
    assert.deepEqual(s.decode.found, { decode: 1, prefill: 0, mixed: 0 });
    assert.equal(s.decode.steps, 1);
    assert.equal(s.decode.batch_size, 32);
    assert.ok(s.warnings.some((w) => /only 1 decode step/.test(w)));
    assert.ok(s.findings.some((f) => f.id === "too-few-steps"));
  },
});

Deno.test({
  name: "decode: the vLLM full-graph sample is a decode step",
  ignore: needsShared(),
  fn: async () => {
    const s = await summarise(sample("amd/amd8gpu_vllm_decode_fullgraph.json.gz"));
    assert.equal(s.decode.found.decode, 1);
    assert.equal(s.steps[0].kind, "decode");
    assert.equal(s.decode.batch_size, 32);
    assert.equal(s.run.framework, "vllm");
  },
});

Deno.test({
  name: "decode: the MI210 GPU-only trace (no markers) is found as its one step",
  ignore: needsShared(),
  fn: async () => {
    const s = await summarise(sample("amd/mi210_gpu_only.json.gz"));
    assert.equal(s.decode.step_source, "period");
    const found = s.decode.found.decode + s.decode.found.prefill + s.decode.found.mixed;
    // the marked count is 1 (one profiled iteration): ±1, and at least one step
    assert.ok(found >= 1 && found <= 2, `found ${found} steps`);
    assert.equal(s.trace.kernels, 562);
  },
});

Deno.test({
  name:
    "decode: a copy of the Mixtral trace with its markers removed gets the marked step count ±1",
  ignore: needsShared(),
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const copy = `${dir}/unmarked.json`;
      python(
        `
import gzip, json, sys
d = json.load(gzip.open(sys.argv[1]))
d["traceEvents"] = [e for e in d["traceEvents"] if e.get("cat") not in ("user_annotation", "gpu_user_annotation")]
json.dump(d, open(sys.argv[2], "w"))
print("null")
`,
        sample("nvidia/h100_mixtral-like_decode_userannot.json.gz"),
        copy,
      );
      const s = await summarise(copy);
      assert.equal(s.decode.step_source, "period");
      const found = s.decode.found.decode + s.decode.found.prefill + s.decode.found.mixed;
      assert.ok(
        Math.abs(found - 17) <= 1,
        `found ${found} steps, marked 17 (16 decode + 1 prefill)`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "decode: --step-marker chooses the steps and --skip drops warm-up",
  ignore: needsShared(),
  fn: async () => {
    const s = await summarise(sample("nvidia/h100_mixtral-like_decode_userannot.json.gz"), {
      stepMarker: "^decode_step_(1[0-5])$",
      skip: 2,
    });
    assert.equal(s.decode.found.decode, 6);
    assert.equal(s.decode.skipped, 2);
    assert.equal(s.decode.steps, 4);
  },
});

for (const engine of ENGINES) {
  Deno.test({
    name: `decode (${engine}): the summary is identical on both engines`,
    ignore: needsShared(),
    fn: async () => {
      const path = sample("amd/mi300x_sglang_qwen3-8b_decode.json.gz");
      const native = await summarise(path, {}, "native");
      const other = await summarise(path, {}, engine);
      const strip = (s: DecodeSummary) =>
        JSON.parse(
          JSON.stringify({ ...s, run: { ...s.run, source_files: [] } }, (_k, v) =>
            typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v),
        );
      assert.deepEqual(strip(other), strip(native));
    },
  });
}

Deno.test({
  name:
    "decode: the RPD sample (graph-replayed Task ops) gives a breakdown over all its 8,948 kernel ops",
  ignore: needsShared(),
  fn: async () => {
    const s = await summarise(sample("amd/mi300x_vllm_fp8_llama.rpd.gz"));
    assert.equal(s.trace.kernels, 8948);
    assert.equal(s.trace.backends.reduce((a, b) => a + b.calls, 0), 8948);
    near(s.trace.backends.reduce((a, b) => a + b.pct, 0), 100);
    assert.ok(s.trace.backends.some((b) => b.category === "GEMM" && b.backend === "hipBLASLt"));
    assert.ok(s.decode.steps > 0, "decode steps found");
  },
});

Deno.test({
  name: "decode: a prefill/mixed-only capture says it has no decode step (not 'only 0 steps')",
  ignore: needsShared(),
  fn: async () => {
    const s = await summarise(sample("amd/amd8gpu_vllm_prefilldecode_piecewise.json.gz"));
    assert.equal(s.decode.steps, 0);
    const ids = s.findings.map((f) => f.id);
    assert.ok(ids.includes("no-decode-steps"), ids.join(","));
    assert.ok(!ids.includes("too-few-steps"));
  },
});
