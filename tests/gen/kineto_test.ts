import assert from "node:assert/strict";
import { ingestPath } from "../../lib/ingest/mod.ts";
import { memoryStore } from "../helpers.ts";
import { genTemp, python } from "./gen_helpers.ts";

/** Counts events per category and kernel names with Python's json module. */
const COUNT_EVENTS = `
import gzip, json, sys, collections
out = []
for path in sys.argv[1:]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        doc = json.load(f)
    ev = doc["traceEvents"]
    cats = collections.Counter(e.get("cat", e.get("ph")) for e in ev)
    names = collections.Counter(e["name"] for e in ev if e.get("cat") == "kernel")
    corr = {e["args"]["correlation"] for e in ev if e.get("cat") in ("cuda_runtime", "cuda_driver")}
    linked = sum(1 for e in ev if e.get("cat") == "kernel" and e["args"]["correlation"] in corr)
    out.append({"schema": doc["schemaVersion"], "devices": len(doc["deviceProperties"]),
                "rank": doc["distributedInfo"]["rank"], "cats": cats, "names": names, "linked": linked})
print(json.dumps(out))
`;

interface FileCounts {
  schema: number;
  devices: number;
  rank: number;
  cats: Record<string, number>;
  names: Record<string, number>;
  linked: number;
}

Deno.test("gen kineto: per-rank JSON ingests with the project's loader to the manifest's counts", async () => {
  const g = await genTemp({
    format: "kineto",
    arch: "sm90",
    ranks: 2,
    model: "mixtral-8x7b",
    dispatches: 16_000,
  }, "kineto");
  const engine = await memoryStore();
  try {
    const m = g.manifest;
    const files = await python<FileCounts[]>(COUNT_EVENTS, g.files);
    assert.equal(files.length, 2);
    for (const [rank, f] of files.entries()) {
      assert.equal(f.schema, 1);
      assert.equal(f.devices, 8);
      assert.equal(f.rank, rank);
      assert.equal(f.cats.kernel, m.per_rank.dispatches);
      assert.equal(f.cats.user_annotation, m.per_rank.step_markers);
      assert.equal(f.cats.gpu_user_annotation, m.per_rank.gpu_step_markers);
      assert.equal(
        (f.cats.cuda_runtime ?? 0) + (f.cats.cuda_driver ?? 0),
        m.per_rank.launch_api_calls,
      );
      assert.equal(f.linked, m.per_rank.dispatches, "every kernel's correlation has a launch");
      assert.deepEqual(f.names, m.kernels_per_rank.by_name);
    }
    const r = await ingestPath(engine, g.dir + "/kineto");
    assert.equal(r.format, "kineto");
    assert.deepEqual(r.counts, {
      dispatches: 16_000,
      markers: 2 * (m.per_rank.step_markers + m.per_rank.gpu_step_markers),
      memory_ops: 0,
      api_calls: 2 * m.per_rank.launch_api_calls,
      kernel_stats: 0,
    });
    const [run] = await engine.query<{ rank_count: number; arch: string; framework: string }>(
      "SELECT rank_count, arch, framework FROM runs WHERE run_id = ?",
      [r.run_id],
    );
    assert.deepEqual({ ...run }, { rank_count: 2, arch: "sm90", framework: "vllm" });
    const steps = await engine.query<{ step_kind: string; n: number }>(
      "SELECT step_kind, count(*)::INTEGER AS n FROM markers WHERE kind = 'annotation' GROUP BY 1 ORDER BY 1",
    );
    assert.deepEqual(steps.map((s) => ({ ...s })), [
      { step_kind: "decode", n: 2 * m.steps.decode },
      { step_kind: "prefill", n: 2 * m.steps.prefill },
    ]);
  } finally {
    await engine.close();
    await Deno.remove(g.dir, { recursive: true });
  }
});

Deno.test("gen kineto: a one-rank .json.gz file ingests with ROCm graph-replayed kernels counted", async () => {
  const g = await genTemp({
    format: "kineto",
    arch: "gfx942",
    gzip: true,
    dispatches: 3_000,
    prefillSteps: 1,
  }, "rank0.json");
  const engine = await memoryStore();
  try {
    assert.deepEqual(g.files.map((f) => f.slice(g.dir.length)), ["/rank0.json.gz"]);
    const [f] = await python<FileCounts[]>(COUNT_EVENTS, g.files);
    assert.equal(f.cats.kernel, 3_000);
    const r = await ingestPath(engine, g.files[0]);
    assert.equal(r.counts.dispatches, 3_000);
    const [row] = await engine.query<{ device_name: string; arch: string }>(
      "SELECT device_name, arch FROM runs WHERE run_id = ?",
      [r.run_id],
    );
    assert.deepEqual({ ...row }, { device_name: "AMD Instinct MI300X", arch: "gfx942" });
    assert.ok(g.manifest.per_rank.graph_replayed > 0 && g.manifest.per_rank.direct > 0);
  } finally {
    await engine.close();
    await Deno.remove(g.dir, { recursive: true });
  }
});
