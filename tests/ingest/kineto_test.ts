import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { ENGINES, memoryStore, needsShared, sample } from "../helpers.ts";
import { ingestPath } from "../../lib/ingest/mod.ts";
import { InputError } from "../../lib/cli/errors.ts";

const KINETO_SAMPLES = [
  "amd/amd8gpu_vllm_decode_fullgraph.json.gz",
  "amd/amd8gpu_vllm_prefilldecode_piecewise.json.gz",
  "amd/mi210_gpu_only.json.gz",
  "amd/mi300x_qwen1.5-0.5b-chat.json.gz",
  "amd/mi300x_sglang_qwen3-8b_decode.json.gz",
  "amd/mi300x_sglang_qwen3-8b_prefilldecode.json.gz",
  "nvidia/h100_mixtral-like_decode_userannot.json.gz",
  "nvidia/h100_qwen1.5-0.5b-chat.json.gz",
];

/** Counts over the raw file by an independent route: Python's json module. */
function pythonCounts(path: string): { kernels: number; copies: number; markers: number } {
  const script = `
import gzip, json, sys
d = json.load(gzip.open(sys.argv[1]))
ev = [e for e in d["traceEvents"] if e.get("ph") == "X"]
k = sum(1 for e in ev if str(e.get("cat", "")).lower() == "kernel")
c = sum(1 for e in ev if e.get("cat") in ("gpu_memcpy", "gpu_memset"))
m = sum(1 for e in ev if e.get("cat") in ("user_annotation", "gpu_user_annotation") or str(e.get("name", "")).startswith("ProfilerStep#"))
print(json.dumps({"kernels": k, "copies": c, "markers": m}))
`;
  const out = new Deno.Command("python3", { args: ["-c", script, path] }).outputSync();
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

for (const rel of KINETO_SAMPLES) {
  Deno.test({
    name: `kineto: ${rel} ingests with exact kernel, copy and marker counts`,
    ignore: needsShared(),
    fn: async () => {
      const path = sample(rel);
      const want = pythonCounts(path);
      const e = await memoryStore();
      try {
        const r = await ingestPath(e, path);
        assert.equal(r.format, "kineto");
        assert.deepEqual(
          { kernels: r.counts.dispatches, copies: r.counts.memory_ops, markers: r.counts.markers },
          want,
        );
        const [db] = await e.query(
          "SELECT (SELECT count(*) FROM kernel_dispatches)::INTEGER AS k, (SELECT count(*) FROM memory_ops)::INTEGER AS c, (SELECT count(*) FROM markers)::INTEGER AS m",
        );
        assert.deepEqual(db, { k: want.kernels, c: want.copies, m: want.markers });
      } finally {
        await e.close();
      }
    },
  });
}

Deno.test({
  name: "kineto: device, arch and step annotations are read",
  ignore: needsShared(),
  fn: async () => {
    const e = await memoryStore();
    try {
      await ingestPath(e, sample("amd/mi300x_sglang_qwen3-8b_decode.json.gz"));
      await ingestPath(e, sample("amd/amd8gpu_vllm_decode_fullgraph.json.gz"));
      await ingestPath(e, sample("nvidia/h100_mixtral-like_decode_userannot.json.gz"));
      const runs = await e.query(
        "SELECT run_id, device_name, arch, framework FROM runs ORDER BY run_id",
      );
      assert.deepEqual(runs, [
        { run_id: 1, device_name: "AMD Instinct MI300X", arch: "gfx942", framework: "sglang" },
        { run_id: 2, device_name: "MI300X-class", arch: "gfx942", framework: "vllm" },
        { run_id: 3, device_name: "NVIDIA H100 80GB HBM3", arch: "sm90", framework: null },
      ]);
      const steps = await e.query(
        "SELECT run_id, name, step_kind, batch_size, num_tokens FROM markers WHERE step_kind IS NOT NULL AND run_id < 3 ORDER BY run_id, name",
      );
      assert.deepEqual(steps.map((s) => [s.run_id, s.step_kind, s.batch_size]), [
        [1, "decode", 32],
        [1, "decode", 32],
        [2, "decode", 32],
      ]);
    } finally {
      await e.close();
    }
  },
});

function tinyTrace(extraEvents = ""): string {
  return JSON.stringify({
    schemaVersion: 1,
    deviceProperties: [{
      id: 0,
      name: "AMD Instinct MI355X",
      computeMajor: 9,
      computeMinor: 5,
      warpSize: 64,
    }],
    traceEvents: [
      {
        ph: "X",
        cat: "kernel",
        name: "Cijk_Alik_Bljk_BBS_BH_MT64x64x64",
        pid: 0,
        tid: 1,
        ts: 10,
        dur: 5,
        args: { device: 0, stream: 1, correlation: 1 },
      },
      {
        ph: "X",
        cat: "kernel",
        name: 'name, with "quotes" and ]} brackets',
        pid: 0,
        tid: 1,
        ts: 20,
        dur: 2.5,
        args: { device: 0, stream: 1 },
      },
      {
        ph: "X",
        cat: "gpu_memcpy",
        name: "Memcpy HtoD (Host -> Device)",
        pid: 0,
        tid: 1,
        ts: 30,
        dur: 1,
        args: { bytes: 64 },
      },
    ],
  }).replace(/\]\}$/, extraEvents + "]}");
}

for (const kind of ENGINES) {
  Deno.test(`kineto (${kind}): names with quotes, commas and brackets survive; gzip and plain agree`, async () => {
    const dir = await Deno.makeTempDir();
    const plain = `${dir}/t.json`, gz = `${dir}/t.json.gz`;
    await Deno.writeTextFile(plain, tinyTrace());
    await Deno.writeFile(gz, gzipSync(new TextEncoder().encode(tinyTrace())));
    const e = await memoryStore(kind);
    try {
      await ingestPath(e, plain);
      await ingestPath(e, gz, { force: true });
      const rows = await e.query(
        "SELECT d.run_id, n.name, d.start_ns, d.end_ns FROM kernel_dispatches d JOIN kernel_names n USING (name_id) ORDER BY d.run_id, d.start_ns",
      );
      assert.deepEqual(rows.map((r) => [r.run_id, r.name, r.start_ns, r.end_ns]), [
        [1, "Cijk_Alik_Bljk_BBS_BH_MT64x64x64", 10000, 15000],
        [1, 'name, with "quotes" and ]} brackets', 20000, 22500],
        [2, "Cijk_Alik_Bljk_BBS_BH_MT64x64x64", 10000, 15000],
        [2, 'name, with "quotes" and ]} brackets', 20000, 22500],
      ]);
      assert.deepEqual(await e.query("SELECT arch FROM runs ORDER BY run_id"), [
        { arch: "gfx950" },
        { arch: "gfx950" },
      ]);
      assert.deepEqual(await e.query("SELECT count(*)::INTEGER AS n FROM kernel_names"), [{
        n: 2,
      }]);
    } finally {
      await e.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("kineto: identical content is detected and not duplicated unless forced", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/a.json`, tinyTrace());
  const e = await memoryStore();
  try {
    const first = await ingestPath(e, `${dir}/a.json`);
    const again = await ingestPath(e, `${dir}/a.json`);
    assert.equal(again.duplicate, true);
    assert.equal(again.run_id, first.run_id);
    assert.deepEqual(await e.query("SELECT count(*)::INTEGER AS n FROM runs"), [{ n: 1 }]);
    const forced = await ingestPath(e, `${dir}/a.json`, { force: true });
    assert.equal(forced.run_id, 2);
  } finally {
    await e.close();
    await Deno.remove(dir, { recursive: true });
  }
});

const BROKEN: [string, (t: string) => Uint8Array | string, RegExp][] = [
  ["truncated JSON", (t) => t.slice(0, Math.floor(t.length * 0.6)), /truncated/],
  ["corrupted JSON", (t) => t.replace('"dur":5', '"dur":5,,'), /invalid JSON/],
  [
    "truncated gzip",
    (t) => gzipSync(new TextEncoder().encode(t)).subarray(0, 60),
    /gzip|truncated/,
  ],
  ["no traceEvents", () => '{"schemaVersion": 1, "deviceProperties": []}', /traceEvents/],
];

for (const [what, damage, message] of BROKEN) {
  Deno.test(`kineto: a ${what} is one clear error and leaves no run`, async () => {
    const dir = await Deno.makeTempDir();
    const path = `${dir}/bad.json${what.includes("gzip") ? ".gz" : ""}`;
    const bytes = damage(tinyTrace());
    if (typeof bytes === "string") await Deno.writeTextFile(path, bytes);
    else await Deno.writeFile(path, bytes);
    const e = await memoryStore();
    try {
      await assert.rejects(() => ingestPath(e, path, { format: "kineto" }), (err: Error) => {
        assert.ok(err instanceof InputError, `expected InputError, got ${err}`);
        assert.ok(message.test(err.message), err.message);
        assert.ok(err.message.startsWith(path), err.message);
        assert.ok(!err.message.includes("\n"));
        return true;
      });
      const [n] = await e.query(
        "SELECT (SELECT count(*) FROM runs)::INTEGER AS runs, (SELECT count(*) FROM kernel_dispatches)::INTEGER AS k, (SELECT count(*) FROM kernel_names)::INTEGER AS names",
      );
      assert.deepEqual(n, { runs: 0, k: 0, names: 0 });
    } finally {
      await e.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}
