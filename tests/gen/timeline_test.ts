import assert from "node:assert/strict";
import type { DispatchEvent, LaunchEvent, StepEvent, TraceSink } from "../../lib/gen/events.ts";
import { GEN_DEFAULTS, type GenOptions } from "../../lib/gen/mod.ts";
import { planRun } from "../../lib/gen/schedule.ts";
import { runTimeline } from "../../lib/gen/timeline.ts";

interface Captured {
  launches: LaunchEvent[];
  dispatches: DispatchEvent[][];
  steps: StepEvent[][];
}

async function capture(patch: Partial<GenOptions>): Promise<Captured & { opts: GenOptions }> {
  const opts: GenOptions = { ...GEN_DEFAULTS, format: "kineto", out: "unused", ...patch };
  const run = planRun(opts);
  const got: Captured = {
    launches: [],
    dispatches: Array.from({ length: opts.ranks }, () => []),
    steps: Array.from({ length: opts.ranks }, () => []),
  };
  const sink: TraceSink = {
    launch: (e) => void got.launches.push(e),
    dispatch: (e) => void got.dispatches[e.rank].push(e),
    step: (e) => void got.steps[e.rank].push(e),
    flush: () => Promise.resolve(),
    close: () => Promise.resolve([]),
  };
  await runTimeline(run, opts.seed, sink);
  return { ...got, opts };
}

Deno.test("gen timeline: all-reduces end together on every rank; early ranks wait", async () => {
  const c = await capture({ model: "llama-8b", ranks: 4, dispatches: 4 * 3_000, arch: "gfx950" });
  const [r0, ...others] = c.dispatches;
  let waited = 0;
  let collectives = 0;
  for (const [i, d] of r0.entries()) {
    if (!d.slot.collective) continue;
    collectives++;
    const all = [d, ...others.map((o) => o[i])];
    for (const x of all) assert.equal(x.slot.kernel.name, d.slot.kernel.name);
    const ends = all.map((x) => x.end);
    const starts = all.map((x) => x.start);
    assert(Math.max(...ends) - Math.min(...ends) <= 1_200, `all-reduce #${i} ends spread too far`);
    if (Math.max(...starts) - Math.min(...starts) > 1_000) waited++;
  }
  assert(collectives > 100, `only ${collectives} all-reduces`);
  assert(waited > collectives / 2, "ranks should arrive at all-reduces at different times");
});

Deno.test("gen timeline: kernels never overlap, steps hold their kernels, steps are host-gapped", async () => {
  const c = await capture({ model: "llama-8b", ranks: 2, dispatches: 2 * 5_000, arch: "gfx942" });
  for (const [rank, ds] of c.dispatches.entries()) {
    for (let i = 1; i < ds.length; i++) {
      assert(ds[i].start >= ds[i - 1].end, `rank ${rank}: kernel ${i} starts before ${i - 1} ends`);
      assert(ds[i].end > ds[i].start);
    }
    const steps = c.steps[rank];
    let k = 0;
    for (const s of steps) {
      assert(s.cpuStart < s.gpuStart && s.gpuEnd <= s.cpuEnd, `step ${s.step.index} range`);
      for (let j = 0; j < s.step.dispatches; j++, k++) {
        assert(ds[k].start >= s.gpuStart && ds[k].end <= s.gpuEnd, `kernel ${k} outside step`);
      }
    }
    for (let i = 1; i < steps.length; i++) {
      const idle = steps[i].gpuStart - steps[i - 1].gpuEnd;
      assert(idle >= 100_000, `rank ${rank}: only ${idle} ns between steps ${i - 1} and ${i}`);
    }
    const decode = steps.filter((s) => s.step.plan.kind === "decode");
    const plan = decode[0].step.plan;
    const graphGaps: number[] = [];
    let offset = steps.filter((s) => s.step.plan.kind === "prefill")
      .reduce((n, s) => n + s.step.dispatches, 0);
    for (const s of decode) {
      for (let j = plan.graphStart + 1; j < plan.graphEnd; j++) {
        graphGaps.push(ds[offset + j].start - ds[offset + j - 1].end);
      }
      offset += s.step.dispatches;
    }
    assert(graphGaps.every((g) => g >= 1_000 && g <= 3_500), "graph gaps stay within 1–3.5 µs");
  }
});

Deno.test("gen timeline: decode GEMMs take tens of µs, norms a few µs on MI300X", async () => {
  const c = await capture({ model: "llama-70b", ranks: 1, dispatches: 6_000, arch: "gfx942" });
  const mean = (re: RegExp) => {
    const xs = c.dispatches[0].filter((d) => d.slot.graph && re.test(d.slot.kernel.name));
    return xs.reduce((s, d) => s + d.end - d.start, 0) / xs.length / 1000;
  };
  const gateUp = mean(/MT16x32x512/);
  const norm = mean(/add_rmsnorm/);
  assert(gateUp > 50 && gateUp < 400, `gate/up GEMM ${gateUp} µs`);
  assert(norm > 1.5 && norm < 10, `RMSNorm ${norm} µs`);
});
