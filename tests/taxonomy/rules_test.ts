/**
 * Rule loading and the SQL around it: spellings of one kernel (mangled,
 * demangled, `.kd` suffixes) label alike, user rules outrank built-ins and are
 * validated with file and line, both engines agree, names added later get
 * labelled, and dispatch_labels / arch_mismatch hold what they should.
 */
import assert from "node:assert/strict";
import { InputError } from "../../lib/cli/errors.ts";
import type { Engine } from "../../lib/db/engine.ts";
import { loadViews } from "../../lib/store/views.ts";
import { classifyNames, type NameLabels } from "../../lib/taxonomy/classify.ts";
import { loadTaxonomy, refreshLabels } from "../../lib/taxonomy/load.ts";
import { rememberRules } from "../../lib/taxonomy/user_rules.ts";
import { HAS_SHARED, memoryStore } from "../helpers.ts";
import { readCorpus, readFamilies } from "./labels.ts";

const HEADER = "id\tpriority\tpattern\tcategory\tbackend\tsub_kind\tcollective_op\tprecision\tnote";

/** Write a rules file (header + lines) to a temp path. */
async function rulesFile(...lines: string[]): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".tsv" });
  await Deno.writeTextFile(path, [HEADER, ...lines].join("\n") + "\n");
  return path;
}

/** Every labelled name we have: the families file, plus the corpus when ../shared is there. */
async function knownNames(): Promise<string[]> {
  const names = (await readFamilies()).map((r) => r.name);
  if (HAS_SHARED) names.push(...(await readCorpus()).map((r) => r.name));
  return names;
}

/** The labels that must not depend on how the name is spelled. */
function labelTuple(l: NameLabels) {
  return [l.category, l.backend, l.sub_kind, l.collective_op, l.rule_id];
}

const HAS_CXXFILT = (() => {
  try {
    return new Deno.Command("c++filt", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

Deno.test("profiler suffixes .kd and ' [clone .kd]' do not change labels", async () => {
  const names = (await knownNames()).map((n) => n.replace(/(\.kd|\s*\[clone \.kd\])$/, ""));
  const plain = await classifyNames(names);
  const kd = await classifyNames(names.map((n) => n + ".kd"));
  const clone = await classifyNames(names.map((n) => n + " [clone .kd]"));
  names.forEach((n, i) => {
    assert.deepEqual(labelTuple(kd[i]), labelTuple(plain[i]), n);
    assert.deepEqual(labelTuple(clone[i]), labelTuple(plain[i]), n);
  });
});

Deno.test({
  name: "mangled and demangled (c++filt) spellings get the same labels",
  ignore: !HAS_CXXFILT,
  async fn() {
    const mangled = (await knownNames()).map((n) => n.replace(/\.kd$/, "")).filter((n) =>
      n.startsWith("_Z")
    );
    const child = new Deno.Command("c++filt", { stdin: "piped", stdout: "piped" }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(mangled.join("\n") + "\n"));
    await writer.close();
    const demangled = new TextDecoder().decode((await child.output()).stdout).trimEnd().split("\n");
    assert.equal(demangled.length, mangled.length);
    const changed = mangled.filter((n, i) => demangled[i] !== n).length;
    assert.ok(changed >= 10, `c++filt demangled only ${changed} names`);
    const a = await classifyNames(mangled);
    const b = await classifyNames(demangled);
    mangled.forEach((n, i) => {
      assert.deepEqual([b[i].category, b[i].backend, b[i].sub_kind, b[i].collective_op], [
        a[i].category,
        a[i].backend,
        a[i].sub_kind,
        a[i].collective_op,
      ], `${n} vs ${demangled[i]}`);
    });
  },
});

Deno.test("a --rules file outranks the built-ins whatever its priority; the built-in becomes the runner-up", async () => {
  const file = await rulesFile("my-attn\t0\t^attn_fwd$\tGEMM\tMyLib\t\t\t\ttest rule");
  try {
    const [attn, other] = await classifyNames(["attn_fwd", "nvjet_tst_64x8_64x16_4x1_v_bz_TNT"], {
      rulesFiles: [file],
      explain: true,
    });
    assert.deepEqual([attn.category, attn.backend, attn.rule_id], ["GEMM", "MyLib", "my-attn"]);
    assert.equal(attn.rule?.source, file);
    assert.equal(attn.rule?.line, 2);
    assert.equal(attn.runner_up_rule_id, "attn-fa-triton");
    assert.equal(attn.runner_up?.source, "queries/taxonomy/rules.tsv");
    assert.deepEqual([other.category, other.backend], ["GEMM", "cuBLASLt"]);
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("remembered rule sets outrank built-ins, --rules files outrank remembered ones, later files earlier ones", async () => {
  const remembered = await rulesFile("kept\t5\t^attn_fwd$\tGEMM\tRemembered\t\t\t\t");
  const first = await rulesFile("first\t1\t^_fwd_kernel$\tGEMM\tFirst\t\t\t\t");
  const second = await rulesFile("second\t1\t^_fwd_kernel$\tGEMM\tSecond\t\t\t\t");
  const engine = await memoryStore();
  try {
    await engine.append("kernel_names", {
      name_id: [1, 2, 3],
      name: ["attn_fwd", "_fwd_kernel", "kernel_unified_attention_2d"],
    });
    await rememberRules(engine, remembered);
    await loadTaxonomy(engine, {});
    const labels = async () =>
      Object.fromEntries(
        (await engine.query<{ name: string; backend: string }>(
          "SELECT name, backend FROM kernel_labels",
        )).map((r) => [r.name, r.backend]),
      );
    assert.deepEqual(await labels(), {
      attn_fwd: "Remembered",
      _fwd_kernel: "Triton",
      kernel_unified_attention_2d: "Triton",
    });
    await loadTaxonomy(engine, { rulesFiles: [first, second] });
    assert.deepEqual(await labels(), {
      attn_fwd: "Remembered",
      _fwd_kernel: "Second",
      kernel_unified_attention_2d: "Triton",
    });
    const [{ source }] = await engine.query<{ source: string }>(
      "SELECT source FROM taxonomy_rules WHERE rule_id = 'kept'",
    );
    assert.match(source, /^store:/);
  } finally {
    await engine.close();
    for (const f of [remembered, first, second]) await Deno.remove(f);
  }
});

Deno.test("invalid rules are errors that name the file and the line", async () => {
  const cases: [string[], number, RegExp][] = [
    [
      ["ok\t1\tfoo\tOther\tx\tcopy\t\t\t", "bad\t1\t(abc\tOther\tx\tcopy\t\t\t"],
      3,
      /invalid RE2 pattern '\(abc'/,
    ],
    [["lookahead\t1\tfoo(?=bar)\tOther\tx\tcopy\t\t\t"], 2, /invalid RE2 pattern/],
    [["cat\t1\tfoo\tGemm\tx\t\t\t\t"], 2, /unknown category 'Gemm'/],
    [["sub\t1\tfoo\tAttention\tCK\tprefill\t\t\t"], 2, /unknown Attention sub_kind 'prefill'/],
    [["gemm-sub\t1\tfoo\tGEMM\tCK\tnorm\t\t\t"], 2, /GEMM has no sub-kinds/],
    [["op\t1\tfoo\tAllReduce\tNCCL\t\tallgather\t\t"], 2, /unknown collective_op 'allgather'/],
    [["prio\thigh\tfoo\tOther\tx\tcopy\t\t\t"], 2, /priority 'high'/],
    [
      ["dup\t1\tfoo\tOther\tx\tcopy\t\t\t", "dup\t2\tbar\tOther\tx\tcopy\t\t\t"],
      3,
      /duplicate id 'dup'/,
    ],
    [["prec\t1\tfoo\tGEMM\tx\t\t\tfp7\t"], 2, /unknown precision 'fp7'/],
  ];
  for (const [lines, line, why] of cases) {
    const file = await rulesFile(...lines);
    try {
      await assert.rejects(classifyNames(["foo"], { rulesFiles: [file] }), (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        assert.ok(e.message.startsWith(`${file}:${line}: `), e.message);
        assert.match(e.message, why);
        return true;
      });
    } finally {
      await Deno.remove(file);
    }
  }
  const noHeader = await Deno.makeTempFile();
  await Deno.writeTextFile(noHeader, "id\tpattern\n");
  try {
    await assert.rejects(
      classifyNames(["foo"], { rulesFiles: [noHeader] }),
      /lacks the column 'priority'/,
    );
    await assert.rejects(
      classifyNames(["foo"], { rulesFiles: [noHeader + ".missing"] }),
      InputError,
    );
  } finally {
    await Deno.remove(noHeader);
  }
});

Deno.test("native and wasm engines give identical labels", async () => {
  const names = await knownNames();
  const native = await classifyNames(names, { engine: "native" });
  const wasm = await classifyNames(names, { engine: "wasm" });
  assert.deepEqual(wasm, native);
});

Deno.test("labels carry the rule's precision, else a hint's (never for Other), and the arch the name shows", async () => {
  const names = [
    "_dynamic_mxfp4_quant_kernel",
    "Cijk_Alik_Bljk_F8HS_BH_BiasSH_AS_SAB_SAV_UserArgs_MT32x16x1024_MI16x16x1_SN_LDSB1",
    "void vllm::rms_norm_kernel<c10::BFloat16, 8, 2>(c10::BFloat16*)",
    "void vllm::scaled_fp8_quant_kernel<c10::Half>(c10::Float8_e4m3fnuz*, c10::Half const*, float const*, long)",
    "void vllm::scaled_fp8_quant_kernel<__hip_bfloat16, c10::Float8_e4m3fn>(c10::Float8_e4m3fn*, __hip_bfloat16 const*)",
    "void vllm::scaled_fp8_quant_kernel<c10::BFloat16, c10::Float8_e4m3fn>(c10::Float8_e4m3fn*, c10::BFloat16 const*)",
    "nvjet_sm90_tst_64x8_64x16_4x1_v_bz_TNT",
    "fmhaSm100aKernel_QkvE4m3OBfloat16H64PagedKvCausalP16VarSeqQ128Kv128PersistentContext",
  ];
  const got = (await classifyNames(names)).map((l) => [l.precision, l.arch_hint]);
  assert.deepEqual(got, [
    ["mxfp4", null],
    ["fp8", null],
    [null, null],
    ["fp8", "gfx942"],
    ["fp8", "gfx950"],
    ["fp8", null],
    [null, "sm90"],
    ["fp8", "sm100a"],
  ]);
});

/** A store with three runs on known archs, one aggregate-only, and dispatches of known kernels. */
async function archStore(): Promise<Engine> {
  const engine = await memoryStore();
  const names = [
    "Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT16x16x256_MI16x16x1_ISA942_IU1", // 1: gfx942 kernel
    "Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT16x16x256_MI16x16x1_ISA950_IU1", // 2: gfx950 kernel
    "void cutlass::Kernel2<cutlass_80_simt_sgemm_128x32_8x5_nn_align1>(Params)", // 3: sm80 kernel
    "sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64", // 4: sm90 kernel
    "some_kernel_no_rule_matches", // 5: unmatched
  ];
  await engine.append("kernel_names", { name_id: names.map((_, i) => i + 1), name: names });
  await engine.exec(`INSERT INTO runs (run_id, label, arch, aggregate_only) VALUES
    (1, 'mi355', 'gfx950', false), (2, 'h100', 'sm90', false), (3, 'unknown', NULL, false), (4, 'stats', 'gfx950', true)`);
  // (run, name_id, start, end): every kernel on every live run, some twice
  const d: [number, number, number, number][] = [
    [1, 1, 0, 10],
    [1, 1, 20, 35],
    [1, 2, 40, 41],
    [1, 3, 50, 60],
    [1, 5, 70, 72],
    [2, 3, 0, 7],
    [2, 4, 10, 30],
    [2, 1, 40, 45],
    [3, 1, 0, 100],
    [3, 3, 0, 100],
  ]; // deno-fmt-ignore
  await engine.append("kernel_dispatches", {
    run_id: d.map((x) => x[0]),
    rank: d.map(() => 0),
    name_id: d.map((x) => x[1]),
    start_ns: d.map((x) => x[2]),
    end_ns: d.map((x) => x[3]),
  });
  await engine.append("kernel_stats", {
    run_id: [4, 4],
    rank: [0, 0],
    name_id: [1, 2],
    calls: [7, 3],
    total_ns: [700, 30],
  });
  return engine;
}

Deno.test("dispatch_labels keeps every dispatch; arch_mismatch lists older same-vendor kernels only", async () => {
  const engine = await archStore();
  try {
    await loadTaxonomy(engine);
    const [dl] = await engine.query<{ n: number; bad: number; ns: number }>(
      "SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE dur_ns <> end_ns - start_ns)::INTEGER AS bad, sum(dur_ns)::BIGINT AS ns FROM dispatch_labels",
    );
    assert.deepEqual(dl, { n: 10, bad: 0, ns: 10 + 15 + 1 + 10 + 2 + 7 + 20 + 5 + 100 + 100 });
    const unmatched = await engine.query(
      "SELECT category, backend, sub_kind, rule_id FROM dispatch_labels WHERE name_id = 5",
    );
    assert.deepEqual(unmatched, [{
      category: "Other",
      backend: "unmatched",
      sub_kind: "unmatched",
      rule_id: null,
    }]);
    const archs = await engine.query(
      "SELECT DISTINCT run_id, device_arch FROM dispatch_labels ORDER BY run_id",
    );
    assert.deepEqual(archs, [{ run_id: 1, device_arch: "gfx950" }, {
      run_id: 2,
      device_arch: "sm90",
    }, {
      run_id: 3,
      device_arch: null,
    }]);
    const mismatch = await engine.query(
      "SELECT run_id, name_id, arch_hint, device_arch, vendor, dispatches, total_ns FROM arch_mismatch ORDER BY run_id, name_id",
    );
    assert.deepEqual(mismatch, [
      {
        run_id: 1,
        name_id: 1,
        arch_hint: "gfx942",
        device_arch: "gfx950",
        vendor: "amd",
        dispatches: 2,
        total_ns: 25,
      },
      {
        run_id: 2,
        name_id: 3,
        arch_hint: "sm80",
        device_arch: "sm90",
        vendor: "nvidia",
        dispatches: 1,
        total_ns: 7,
      },
      {
        run_id: 4,
        name_id: 1,
        arch_hint: "gfx942",
        device_arch: "gfx950",
        vendor: "amd",
        dispatches: 7,
        total_ns: 700,
      },
    ]);
  } finally {
    await engine.close();
  }
});

Deno.test("names added after loading are labelled by refreshLabels and loadViews; reloading the same rules re-matches nothing", async () => {
  const file = await rulesFile("mine\t0\t^late_kernel$\tGEMM\tMine\t\t\t\t");
  const engine = await memoryStore();
  try {
    await engine.append("kernel_names", { name_id: [1], name: ["attn_fwd"] });
    await loadTaxonomy(engine, { rulesFiles: [file] });
    const hits = async () =>
      (await engine.query<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM taxonomy_hits WHERE name_id = 1",
      ))[0].n;
    const firstHits = await hits();
    await engine.append("kernel_names", { name_id: [2], name: ["late_kernel"] });
    const count = async () =>
      (await engine.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM kernel_labels"))[0].n;
    assert.equal(await count(), 1, "kernel_labels holds the names classified so far");
    await refreshLabels(engine);
    assert.equal(await count(), 2);
    await engine.append("kernel_names", {
      name_id: [3],
      name: ["nvjet_tst_64x8_64x16_4x1_v_bz_TNT"],
    });
    await loadViews(engine, { rulesFiles: [file] });
    const rows = await engine.query("SELECT name_id, backend FROM kernel_labels ORDER BY name_id");
    assert.deepEqual(rows, [{ name_id: 1, backend: "Triton" }, { name_id: 2, backend: "Mine" }, {
      name_id: 3,
      backend: "cuBLASLt",
    }]);
    assert.equal(await hits(), firstHits, "a name is matched once, not again on each refresh");
  } finally {
    await engine.close();
    await Deno.remove(file);
  }
});
