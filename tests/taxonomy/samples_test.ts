/**
 * The taxonomy on the real traces of ../shared/samples: unmatched kernels
 * stay under 3% of GPU kernel time, the kernels that take the time are
 * labelled right (not just matched), dispatches keep their time through
 * dispatch_labels, and sm80 kernels on the H100s show up in arch_mismatch.
 * Kernel counts and times come independently from python3 reading the raw
 * JSON.
 */
import assert from "node:assert/strict";
import { basename } from "node:path";
import type { Engine } from "../../lib/db/engine.ts";
import { FORMATS } from "../../lib/ingest/formats.ts";
import { ingestPath } from "../../lib/ingest/mod.ts";
import { loadTaxonomy } from "../../lib/taxonomy/load.ts";
import { HAS_SHARED, memoryStore, needsShared, sample } from "../helpers.ts";

const KINETO = [
  "amd/amd8gpu_vllm_decode_fullgraph.json.gz",
  "amd/amd8gpu_vllm_prefilldecode_piecewise.json.gz",
  "amd/mi210_gpu_only.json.gz",
  "amd/mi300x_qwen1.5-0.5b-chat.json.gz",
  "amd/mi300x_sglang_qwen3-8b_decode.json.gz",
  "amd/mi300x_sglang_qwen3-8b_prefilldecode.json.gz",
  "nvidia/h100_mixtral-like_decode_userannot.json.gz",
  "nvidia/h100_qwen1.5-0.5b-chat.json.gz",
];

/** RPD samples, once an RPD ingest is registered. */
const RPD = FORMATS.some((f) => f.id === "rpd")
  ? ["amd/mi300x_vllm_fp8_llama.rpd.gz", "amd/rpd_example_matmul.rpd"]
  : [];

/** What the kernels that take the time in these traces are (name pattern → category and key). */
const EXPECTED: [RegExp, string, string][] = [
  [/_matmul_ogs_/, "MoE", "expert-GEMM"],
  [/GroupProblemShape/, "MoE", "expert-GEMM"],
  [/_finalize_matmul_scatter/, "MoE", "combine"],
  [/_combined_routing|_topk_forward|bitmatrix/, "MoE", "routing"],
  [/kernel_unified_attention|paged_attention_ll4mi/, "Attention", "PA"],
  [
    /^attn_fwd$|pytorch_flash::flash_fwd|FmhaBatchPrefill|sdpa_sm\d+_flash_fprop/,
    "Attention",
    "FA",
  ],
  [/^Cijk_/, "GEMM", "hipBLASLt"],
  [/^nvjet_/, "GEMM", "cuBLASLt"],
  [/^sm90_xmma_gemm|cutlass_80_simt_sgemm/, "GEMM", "cuBLAS"],
  [/Rmsnorm2dFwd|add_rmsnorm|batch_norm_/, "Other", "norm"],
  [
    /direct_copy_kernel|CatArrayBatchedCopy|bfloat16_copy|^batched_transpose|^triton_poi_fused__to_copy/,
    "Other",
    "copy",
  ],
  [
    /BinaryFunctor|CUDAFunctor_?add|masked_fill|SubTensorOp|pow_tensor_scalar|neg_kernel|rsqrt_kernel/,
    "Other",
    "elementwise",
  ],
  [/igemm_(fwd|bwd|wrw)/, "Other", "conv"],
  [/act_and_mul|silu_kernel/, "Other", "activation"],
  [/rotary_embedding/, "Other", "rope"],
  [/reshape_and_cache|store_kvcache/, "Other", "kv-cache-write"],
  [/reduce_kernel<.*MeanOps|reduce_kernel<.*sum_functor|max_pool/, "Other", "reduction"],
  [/gatherTopK|SortKVInPlace|ArgMaxOps/, "Other", "sampling"],
  [/^triton_poi_fused_/, "Other", "elementwise"],
];

/** Per-file kernel counts and times straight from the raw Kineto JSON. */
interface RawKernels {
  count: number;
  total_us: number;
  names: Record<string, [number, number]>;
}

const PYTHON = `
import gzip, json, sys
out = {}
for path in sys.argv[1:]:
    doc = json.load(gzip.open(path, "rt"))
    events = doc["traceEvents"] if isinstance(doc, dict) else doc
    names = {}
    for e in events:
        if e.get("ph") == "X" and str(e.get("cat", "")).lower() == "kernel":
            c = names.setdefault(e["name"], [0, 0.0])
            c[0] += 1
            c[1] += e.get("dur", 0)
    out[path] = {"count": sum(v[0] for v in names.values()), "total_us": sum(v[1] for v in names.values()), "names": names}
print(json.dumps(out))
`;

let raw: Promise<Record<string, RawKernels>> | null = null;

function rawKernels(): Promise<Record<string, RawKernels>> {
  raw ??= (async () => {
    const args = ["-c", PYTHON, ...KINETO.map(sample)];
    const out = await new Deno.Command("python3", { args, stdout: "piped" }).output();
    assert.equal(out.code, 0, "python3 could not read the Kineto samples");
    return JSON.parse(new TextDecoder().decode(out.stdout));
  })();
  return raw;
}

interface Label {
  name: string;
  category: string;
  key: string;
  rule_id: string | null;
}

/** One store holding every sample as a run (run label = file base name), taxonomy loaded. */
let shared: Promise<Engine> | null = null;

function allSamples(): Promise<Engine> {
  shared ??= (async () => {
    const engine = await memoryStore();
    for (const rel of [...KINETO, ...RPD]) {
      await ingestPath(engine, sample(rel), { label: basename(rel) });
    }
    await loadTaxonomy(engine);
    return engine;
  })();
  return shared;
}

async function labelsOf(engine: Engine): Promise<Map<string, Label>> {
  const rows = await engine.query<Label & Record<string, string | null>>(
    `SELECT name, category, CASE category WHEN 'GEMM' THEN backend WHEN 'AllReduce' THEN backend || ':' || collective_op
            ELSE sub_kind END AS key, rule_id FROM kernel_labels`,
  );
  return new Map(rows.map((r) => [r.name, r]));
}

for (const rel of KINETO) {
  Deno.test({
    name: `samples: ${basename(rel)}: unmatched < 3% of kernel time, top kernels labelled right`,
    ignore: needsShared(),
    async fn() {
      const [files, engine] = await Promise.all([rawKernels(), allSamples()]);
      const file = files[sample(rel)];
      const [store] = await engine.query<
        { n: number; total: number; labelled: number; labelled_ns: number }
      >(
        `SELECT (SELECT count(*) FROM kernel_dispatches JOIN runs USING (run_id) WHERE label = ?)::BIGINT AS n,
                (SELECT sum(end_ns - start_ns) FROM kernel_dispatches JOIN runs USING (run_id) WHERE label = ?)::BIGINT
                  AS total,
                count(*)::BIGINT AS labelled, sum(dur_ns)::BIGINT AS labelled_ns
         FROM dispatch_labels JOIN runs USING (run_id) WHERE label = ? AND category IS NOT NULL`,
        [basename(rel), basename(rel), basename(rel)],
      );
      {
        assert.equal(store.n, file.count, "dispatches in the store vs kernels in the raw JSON");
        assert.ok(
          Math.abs(store.total - file.total_us * 1000) <= file.count + 1e-6 * store.total,
          "kernel time",
        );
        assert.equal(store.labelled, store.n, "every dispatch has labels");
        assert.equal(store.labelled_ns, store.total, "dispatch_labels keeps every dispatch's time");

        const labels = await labelsOf(engine);
        const names = Object.entries(file.names).sort((a, b) => b[1][1] - a[1][1]);
        const unmatchedUs = names.filter(([n]) => labels.get(n)!.rule_id === null).reduce(
          (s, [, v]) => s + v[1],
          0,
        );
        const pct = (100 * unmatchedUs) / file.total_us;
        console.log(
          `${basename(rel)}: ${names.length} kernel names, unmatched ${
            pct.toFixed(2)
          }% of kernel time`,
        );
        assert.ok(pct < 3, `${pct.toFixed(2)}% of kernel time unmatched`);

        for (const [name] of names.slice(0, 8)) {
          const want = EXPECTED.find(([re]) => re.test(name));
          assert.ok(want, `no expectation for top kernel ${name.slice(0, 120)}`);
          const got = labels.get(name)!;
          assert.deepEqual([got.category, got.key], [want[1], want[2]], name.slice(0, 160));
        }
      }
    },
  });
}

for (const rel of RPD) {
  Deno.test({
    name: `samples: ${basename(rel)}: unmatched < 3% of kernel time`,
    ignore: needsShared(),
    async fn() {
      const engine = await allSamples();
      const [r] = await engine.query<{ n: number; total: number; unmatched: number }>(
        `SELECT count(*)::BIGINT AS n, sum(dur_ns)::DOUBLE AS total,
                coalesce(sum(dur_ns) FILTER (WHERE rule_id IS NULL), 0)::DOUBLE AS unmatched
         FROM dispatch_labels JOIN runs USING (run_id) WHERE label = ?`,
        [basename(rel)],
      );
      assert.ok(r.n > 0, "the RPD sample has kernels");
      const pct = (100 * r.unmatched) / r.total;
      console.log(
        `${basename(rel)}: ${r.n} dispatches, unmatched ${pct.toFixed(2)}% of kernel time`,
      );
      assert.ok(pct < 3, `${pct.toFixed(2)}% of kernel time unmatched`);
    },
  });
}

Deno.test({
  name:
    "samples: sm80 kernels on the H100s are in arch_mismatch with their dispatch counts; AMD samples have none",
  ignore: !HAS_SHARED,
  async fn() {
    const files = await rawKernels();
    const engine = await allSamples();
    try {
      const rows = await engine.query<
        { label: string; name: string; arch_hint: string; device_arch: string; dispatches: number }
      >(
        "SELECT label, name, arch_hint, device_arch, dispatches FROM arch_mismatch JOIN runs USING (run_id) ORDER BY label, name",
      );
      const expected = KINETO.flatMap((rel) =>
        Object.entries(files[sample(rel)].names).filter(([n]) => /cutlass_80_|_sm80_/.test(n))
          .sort((a, b) => a[0].localeCompare(b[0]))
          .map(([n, v]) => [basename(rel), n, "sm80", "sm90", v[0]])
      );
      assert.ok(expected.length > 0, "the H100 samples run sm80 kernels");
      assert.deepEqual(
        rows.map((r) => [r.label, r.name, r.arch_hint, r.device_arch, r.dispatches]),
        expected,
      );
    } finally {
      await (await allSamples()).close();
    }
  },
});
