/**
 * `report CANDIDATE --vs BASELINE --fail-on-regression`: exit 1 on a built
 * regression (GEMMs 3× slower; hipBLASLt GEMMs replaced by an ATen GEMV
 * fallback), exit 0 on an identical pair, and the compare fields of NAME.json
 * carry the figures the traces were built with.
 */
import assert from "node:assert/strict";
import { decodeKernels, GAP_US, stepSpanUs, TORCH_GEMV, writeTrace } from "./kineto_fixture.ts";
import {
  jsonContractProblems,
  markdownTableProblems,
  near,
  readReport,
  reportCli,
  toolStderr,
} from "./report_support.ts";

const STEPS = 8;
const BASE_GEMM_US = 30;

async function fixtures(dir: string) {
  const base = { steps: STEPS, warmup: true, stepUs: 400, kernels: decodeKernels(BASE_GEMM_US) };
  return {
    base,
    basePath: await writeTrace(dir, "base.json", base),
    samePath: await writeTrace(dir, "same.json", base),
    slowPath: await writeTrace(dir, "slow.json", {
      ...base,
      kernels: decodeKernels(3 * BASE_GEMM_US),
    }),
    fallbackPath: await writeTrace(dir, "fallback.json", {
      ...base,
      kernels: decodeKernels(3 * BASE_GEMM_US, () => TORCH_GEMV),
    }),
  };
}

function category(json: { compare: { categories: { category: string }[] } }, name: string) {
  const c = json.compare.categories.find((x) => x.category === name);
  assert.ok(c, `no ${name} row in compare.categories`);
  return c as {
    category: string;
    base_us: number;
    cand_us: number;
    delta_pct: number;
    regression: boolean;
  };
}

Deno.test("report --fail-on-regression exits 1 when GEMMs get 3× slower and 0 on an identical pair", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-gate-" });
  try {
    const f = await fixtures(dir);

    const slow = await reportCli([
      f.slowPath,
      "--vs",
      f.basePath,
      "--out",
      `${dir}/slow`,
      "--fail-on-regression",
    ]);
    assert.deepEqual(slow.code, 1, slow.stderr);
    const s = (await readReport(`${dir}/slow`)).json;
    assert.deepEqual(jsonContractProblems(s), []);
    assert.deepEqual(s.runs.map((r: { label: string }) => r.label), ["base", "slow"]);
    assert.deepEqual(s.decode.steps, STEPS, "the warm-up step is dropped");
    assert.deepEqual(s.decode.skipped, 1);
    const gemm = category(s, "GEMM");
    near(gemm.base_us, 4 * BASE_GEMM_US, 1e-6);
    near(gemm.cand_us, 4 * 3 * BASE_GEMM_US, 1e-6);
    near(gemm.delta_pct, 200, 1e-6);
    assert.ok(gemm.regression);
    assert.ok(!category(s, "Attention").regression, "attention did not change");
    const busyBase = 4 * BASE_GEMM_US + 20 + 3 * 4;
    const busyCand = 4 * 3 * BASE_GEMM_US + 20 + 3 * 4;
    near(s.compare.busy_delta_pct, (100 * (busyCand - busyBase)) / busyBase, 1e-6);
    const spanBase = stepSpanUs(f.base);
    const spanCand = stepSpanUs({ ...f.base, kernels: decodeKernels(3 * BASE_GEMM_US) });
    near(s.compare.step_delta_pct, (100 * (spanCand - spanBase)) / spanBase, 1e-6);
    near(s.decode.step_us.median, spanCand, 1e-6);
    near(s.decode.busy_us.median, busyCand, 1e-6);
    near(s.decode.idle_pct, (100 * (spanCand - busyCand)) / spanCand, 1e-6);
    assert.ok(spanCand - busyCand > 7 * GAP_US);
    assert.deepEqual(s.compare.regression, true);
    assert.ok(
      s.compare.regressions.some((r: string) => r.startsWith("GEMM ")),
      s.compare.regressions.join("; "),
    );
    assert.deepEqual(s.compare.kernels_new, []);
    assert.deepEqual(s.compare.kernels_vanished, []);

    const same = await reportCli([
      f.samePath,
      "--vs",
      f.basePath,
      "--out",
      `${dir}/same`,
      "--fail-on-regression",
    ]);
    assert.deepEqual(same.code, 0, same.stderr);
    const j = (await readReport(`${dir}/same`)).json;
    assert.deepEqual(jsonContractProblems(j), []);
    assert.deepEqual(j.compare.regression, false);
    assert.deepEqual(j.compare.regressions, []);
    assert.deepEqual(j.compare.step_delta_pct, 0);
    assert.ok(j.compare.categories.every((c: { delta_pct: number }) => c.delta_pct === 0));
    assert.deepEqual(toolStderr(same.stderr).length, 1, same.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report lists the backend shift when hipBLASLt GEMMs fall back to an ATen GEMV", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-gate-" });
  try {
    const f = await fixtures(dir);
    const r = await reportCli([
      f.fallbackPath,
      "--vs",
      f.basePath,
      "--out",
      `${dir}/fb`,
      "--fail-on-regression",
    ]);
    assert.deepEqual(r.code, 1, r.stderr);
    const { md, json } = await readReport(`${dir}/fb`);
    assert.deepEqual(jsonContractProblems(json), []);
    assert.deepEqual(markdownTableProblems(md), []);
    const shifts = json.compare.backend_shifts as {
      category: string;
      backend: string;
      shift_pts: number;
    }[];
    const shift = (backend: string) =>
      shifts.find((s) => s.category === "GEMM" && s.backend === backend)?.shift_pts;
    near(shift("hipBLASLt")!, -100, 1e-6);
    near(shift("torch")!, 100, 1e-6);
    const fresh = json.compare.kernels_new as {
      family: string;
      backend: string;
      cand_us: number;
    }[];
    const gemv = fresh.find((k) => k.family.includes("gemv_bf16_fallback_kernel"));
    assert.ok(gemv, JSON.stringify(fresh));
    assert.deepEqual(gemv!.backend, "torch");
    near(gemv!.cand_us, 4 * 3 * BASE_GEMM_US, 1e-6);
    const gone = json.compare.kernels_vanished as {
      family: string;
      backend: string;
      base_us: number;
    }[];
    assert.ok(
      gone.some((k) =>
        k.family.startsWith("Cijk_") && k.backend === "hipBLASLt" &&
        Math.abs(k.base_us - 4 * BASE_GEMM_US) < 1e-6
      ),
    );
    assert.ok(
      json.findings.some((x: { id: string }) => x.id === "torch-gemm-fallback"),
      "candidate finding",
    );
    assert.ok(
      /### Backend shifts/.test(md) && /\| GEMM +\| torch +\|/.test(md),
      "shift table in the markdown",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
