import assert from "node:assert/strict";
import { memoryStore } from "../helpers.ts";
import { K, type SynthKernel, type SynthOptions, writeSynth } from "../synth.ts";
import { ingestPath } from "../../lib/ingest/mod.ts";
import { decodeSummaries } from "../../lib/analysis/decode.ts";

const CLEAN: SynthKernel[] = [
  { name: K.norm, dur: 30 },
  { name: K.hipblaslt, dur: 100 },
  { name: K.pa, dur: 80 },
  { name: K.asmMoe, dur: 60 },
  { name: K.sampler, dur: 20 },
];

async function findingIds(opts: SynthOptions | SynthOptions[]): Promise<string[]> {
  const dir = await Deno.makeTempDir();
  const e = await memoryStore();
  try {
    const path = await writeSynth(dir, "t", opts);
    const r = await ingestPath(e, path);
    const [s] = await decodeSummaries(e, [r.run_id]);
    return s.findings.map((f) => f.id).sort();
  } finally {
    await e.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const with_ = (extra: SynthKernel[]) => [...CLEAN, ...extra];

Deno.test("findings: a clean decode trace fires nothing", async () => {
  assert.deepEqual(await findingIds({ kernels: CLEAN, gap: 1 }), []);
});

const CASES: [string, SynthOptions | SynthOptions[], SynthOptions | SynthOptions[]][] = [
  // [finding id, trace that shows it, the same without it]
  ["host-bound", { kernels: CLEAN, gap: 120 }, { kernels: CLEAN, gap: 1 }],
  ["gemm-dominant", { kernels: with_([{ name: K.hipblaslt, dur: 400 }]), gap: 1 }, {
    kernels: CLEAN,
    gap: 1,
  }],
  ["torch-gemm-fallback", { kernels: with_([{ name: K.torchGemm, dur: 30 }]), gap: 1 }, {
    kernels: with_([{ name: K.hipblaslt, dur: 30 }]),
    gap: 1,
  }],
  [
    "triton-fallback-amd",
    { kernels: with_([{ name: K.tritonMoe, dur: 60 }]), gap: 1 },
    { kernels: with_([{ name: K.tritonMoe, dur: 60 }]), gap: 1, device: "NVIDIA H100 80GB HBM3" },
  ],
  [
    "arch-mismatch",
    { kernels: with_([{ name: K.gfx942Gemm, dur: 20 }]), gap: 1, device: "AMD Instinct MI355X" },
    { kernels: with_([{ name: K.gfx942Gemm, dur: 20 }]), gap: 1, device: "AMD Instinct MI300X" },
  ],
  [
    "collectives-large",
    [0, 1].map((r) => ({ kernels: with_([{ name: K.allreduce, dur: 150 }]), gap: 1, skew: r * 3 })),
    { kernels: with_([{ name: K.allreduce, dur: 150 }]), gap: 1 },
  ],
  ["unmatched-kernels", { kernels: with_([{ name: K.mystery, dur: 40 }]), gap: 1 }, {
    kernels: CLEAN,
    gap: 1,
  }],
  [
    "graph-replay-hidden",
    {
      kernels: [{ name: K.norm, dur: 30 }, { name: K.sampler, dur: 20 }],
      gap: 1,
      graphLaunches: 6,
    },
    { kernels: [{ name: K.norm, dur: 30 }, { name: K.sampler, dur: 20 }], gap: 1 },
  ],
  ["too-few-steps", { kernels: CLEAN, gap: 1, steps: 3 }, { kernels: CLEAN, gap: 1, steps: 8 }],
];

for (const [id, shows, without] of CASES) {
  Deno.test(`findings: ${id} fires on a trace built to show it and stays silent without`, async () => {
    assert.ok((await findingIds(shows)).includes(id), `${id} did not fire`);
    assert.ok(!(await findingIds(without)).includes(id), `${id} fired without its problem`);
  });
}

Deno.test("findings: with TP=2 the per-rank table names the critical path and the collective wait", async () => {
  const dir = await Deno.makeTempDir();
  const e = await memoryStore();
  try {
    // rank 1 runs its norm 40 µs longer, so rank 0 waits 40 µs inside the all-reduce
    const rank = (slow: number, wait: number): SynthOptions => ({
      kernels: [{ name: K.norm, dur: 30 + slow }, { name: K.allreduce, dur: 50 + wait }, {
        name: K.hipblaslt,
        dur: 100,
      }],
      gap: 1,
    });
    const path = await writeSynth(dir, "tp2", [rank(0, 40), rank(40, 0)]);
    const r = await ingestPath(e, path);
    const [s] = await decodeSummaries(e, [r.run_id]);
    assert.equal(s.run.ranks, 2);
    assert.equal(s.ranks.length, 2);
    const [r0, r1] = s.ranks;
    assert.deepEqual([r0.critical_steps, r1.critical_steps], [0, 8], JSON.stringify(s.ranks));
    assert.ok(Math.abs((r0.collective_wait_us_per_step ?? 0) - 40) < 0.5, JSON.stringify(s.ranks));
    assert.ok(Math.abs(r1.collective_wait_us_per_step ?? -1) < 0.5);
    assert.ok(Math.abs((r0.collective_skew_us ?? 0) - 40) < 0.5);
  } finally {
    await e.close();
    await Deno.remove(dir, { recursive: true });
  }
});
