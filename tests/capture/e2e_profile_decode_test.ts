/**
 * profile-decode end to end against stand-ins (a vLLM-like server on
 * 127.0.0.1, amd-smi, rocminfo, pip, rocprofv3): the capture folder it leaves
 * ingests as it is, the trace rows equal what Python counts in the trace
 * files, the window holds only decode steps and at least --steps of them,
 * run.json lands in run metadata and the server log's findings in the store.
 *
 * @module
 */
import assert from "node:assert/strict";
import { memoryStore, ROOT } from "../helpers.ts";
import { ingestPath } from "../../lib/ingest/mod.ts";
import {
  CAPTURE,
  cleanEnv,
  freePort,
  PYTHON,
  pythonJson,
  run,
  STANDINS,
  toolDir,
} from "./standin_env.ts";

const STEPS = 20;
const TP = 2;

/** Run profile-decode with a tracer on the stand-ins; returns the capture folder. */
async function capture(tracer: string): Promise<{ out: string; cleanup: () => Promise<void> }> {
  const bin = await toolDir(["vllm", "rocprofv3", "amd-smi", "rocminfo", "pip"]);
  const tmp = await Deno.makeTempDir({ prefix: "tracedeck-e2e-" });
  const out = `${tmp}/cap`;
  const port = freePort();
  const r = await run([
    CAPTURE + "profile-decode",
    "--tracer",
    tracer,
    "--out",
    out,
    "--server-cmd",
    `vllm serve fake/Llama-3.1-8B --tensor-parallel-size ${TP} --port ${port}`,
    "--steps",
    String(STEPS),
    "--concurrency",
    "4",
    "--warmup-requests",
    "2",
    "--health-timeout",
    "30",
    "--flush-timeout",
    "30",
  ], cleanEnv(bin, { TRACEDECK_FAKE_TP: String(TP), TRACEDECK_FAKE_GPUS: "8" }));
  await Deno.remove(bin, { recursive: true });
  if (r.code !== 0) await Deno.remove(tmp, { recursive: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /capture folder ready/);
  return { out, cleanup: () => Deno.remove(tmp, { recursive: true }) };
}

/** Python's reading of the Kineto traces: kernels and step annotations per file. */
const KINETO_PY = `
import glob, gzip, json, sys
out = []
for p in sorted(glob.glob(sys.argv[1] + "/*.pt.trace.json.gz")):
    ev = json.load(gzip.open(p))["traceEvents"]
    steps = [e["name"] for e in ev if e.get("cat") == "user_annotation"]
    out.append({"kernels": sum(e.get("cat") == "kernel" for e in ev), "steps": steps})
print(json.dumps(out))
`;

/** Python's reading of the server log: lines with the MoE fallback, Ray repeats counted, and the first. */
const LOG_PY = `
import json, re, sys
count, first = 0, None
for n, line in enumerate(open(sys.argv[1]), 1):
    if "Using default MoE config" in line:
        m = re.search(r"repeated (\\d+)x", line)
        count += int(m.group(1)) if m else 1
        first = first or n
print(json.dumps([count, first]))
`;

Deno.test("profile-decode --tracer torch: the folder ingests (also by deno task ingest) with run.json metadata and log findings", async () => {
  const { out, cleanup } = await capture("torch");
  const engine = await memoryStore();
  try {
    const names = [];
    for await (const e of Deno.readDir(out)) names.push(e.name);
    assert.deepEqual(names.sort(), ["run.json", "server.log", "torch"]);
    const traces = await pythonJson<{ kernels: number; steps: string[] }[]>(
      KINETO_PY,
      `${out}/torch`,
    );
    assert.equal(traces.length, TP);

    const r = await ingestPath(engine, out);
    assert.equal(r.format, "kineto");
    assert.equal(r.duplicate, false);
    assert.equal(r.counts.dispatches, traces.reduce((s, t) => s + t.kernels, 0));
    const [stored] = await engine.query(
      "SELECT device_name, arch, rank_count, framework FROM runs WHERE run_id = ?",
      [r.run_id],
    );
    assert.deepEqual(stored, {
      device_name: "AMD Instinct MI300X",
      arch: "gfx942",
      rank_count: TP,
      framework: "vllm",
    });

    // the window: every profiled step is a pure decode step, at least STEPS of them per rank
    for (const t of traces) {
      assert.ok(t.steps.length >= STEPS, `${t.steps.length} steps in the window`);
      assert.ok(t.steps.every((s) => /^execute_4_context_0\(/.test(s)), t.steps.join(" "));
    }
    const steps = await engine.query<{ step_kind: string; n: number }>(
      "SELECT step_kind, count(*)::INTEGER AS n FROM markers WHERE run_id = ? AND kind = 'annotation' GROUP BY 1",
      [r.run_id],
    );
    assert.deepEqual(steps, [{
      step_kind: "decode",
      n: traces.reduce((s, t) => s + t.steps.length, 0),
    }]);

    // run.json in run metadata
    const manifest = JSON.parse(await Deno.readTextFile(`${out}/run.json`));
    const meta = Object.fromEntries(
      (await engine.query<{ key: string; value: string }>(
        "SELECT key, value FROM run_meta WHERE run_id = ?",
        [
          r.run_id,
        ],
      )).map((m) => [m.key, m.value]),
    );
    assert.deepEqual(JSON.parse(meta.manifest), manifest);
    assert.equal(meta.gpu, "AMD Instinct MI300X");
    assert.equal(meta.arch, "gfx942");
    assert.equal(meta.runtime, "ROCm 6.4.1");
    assert.equal(meta.tracer, "torch");
    assert.equal(meta.tp, String(TP));
    assert.equal(meta["version.vllm"], "0.9.2+rocm641");
    assert.equal(meta.model, "fake/Llama-3.1-8B");
    assert.equal(meta.steps_requested, String(STEPS));
    assert.ok(Number(meta.chunks_in_window_min) >= STEPS);
    assert.equal(meta.requests_failed, "0");
    assert.match(manifest.server.command, /--profiler-config/);

    // server log findings in the store
    const [count, first] = await pythonJson<[number, number]>(LOG_PY, `${out}/server.log`);
    const findings = await engine.query(
      "SELECT source_file, kind, finding, severity, count::INTEGER AS count, first_line::INTEGER AS first_line FROM log_findings WHERE run_id = ?",
      [r.run_id],
    );
    assert.deepEqual(findings, [{
      source_file: `${out}/server.log`,
      kind: "fallback",
      finding: "moe_default_config",
      severity: "warning",
      count,
      first_line: first,
    }]);
    assert.equal(count, TP + 3);

    // and `deno task ingest` takes the folder as it is
    const cli = await run(
      [
        Deno.execPath(),
        "run",
        "--allow-all",
        ROOT + "lib/cli/ingest.ts",
        out,
        "--db",
        `${out}/../store.duckdb`,
        "--json",
      ],
      { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", HOME: Deno.env.get("HOME") ?? "/tmp" },
    );
    assert.equal(cli.code, 0, cli.stderr);
    const [row] = JSON.parse(cli.stdout);
    assert.deepEqual([row.format, row.status, row.dispatches], [
      "kineto",
      "added",
      r.counts.dispatches,
    ]);
  } finally {
    await engine.close();
    await cleanup();
  }
});

Deno.test("profile-decode --url: a running server's new traces and its log are copied into the folder", async () => {
  const bin = await toolDir(["amd-smi", "pip"]);
  const tmp = await Deno.makeTempDir({ prefix: "tracedeck-e2e-" });
  const port = freePort();
  const engine = await memoryStore();
  let server: Deno.ChildProcess | undefined;
  try {
    await Deno.mkdir(`${tmp}/server-traces`);
    await Deno.writeTextFile(`${tmp}/server-traces/old.pt.trace.json`, '{"traceEvents": []}');
    // the running server, its log in a file as a real deployment keeps it
    server = new Deno.Command("/bin/sh", {
      args: [
        "-c",
        'exec "$0" "$@" 2>"$LOG"',
        PYTHON,
        STANDINS + "fake_openai_server.py",
        "--port",
        String(port),
        "--profiler-dir",
        `${tmp}/server-traces`,
        "--lifetime",
        "60",
      ],
      env: { PYTHONDONTWRITEBYTECODE: "1", LOG: `${tmp}/server.log` },
      stdout: "null",
    }).spawn();
    const r = await run([
      CAPTURE + "profile-decode",
      "--tracer",
      "torch",
      "--out",
      `${tmp}/cap`,
      "--url",
      `http://127.0.0.1:${port}`,
      "--torch-dir",
      `${tmp}/server-traces`,
      "--server-log",
      `${tmp}/server.log`,
      "--server-cmd",
      "vllm serve fake/model",
      "--steps",
      "10",
      "--concurrency",
      "2",
      "--warmup-requests",
      "1",
    ], cleanEnv(bin));
    assert.equal(r.code, 0, r.stderr);
    const copied = [];
    for await (const e of Deno.readDir(`${tmp}/cap/torch`)) copied.push(e.name);
    const fresh = [];
    for await (const e of Deno.readDir(`${tmp}/server-traces`)) {
      if (e.name !== "old.pt.trace.json") fresh.push(e.name);
    }
    assert.deepEqual(copied.sort(), fresh.sort());
    assert.equal(copied.length, 1);
    const ingested = await ingestPath(engine, `${tmp}/cap`);
    const [kernels] = await pythonJson<{ kernels: number }[]>(KINETO_PY, `${tmp}/cap/torch`);
    assert.equal(ingested.counts.dispatches, kernels.kernels);
    const findings = await engine.query("SELECT finding FROM log_findings WHERE run_id = ?", [
      ingested.run_id,
    ]);
    assert.deepEqual(findings, [{ finding: "moe_default_config" }]);
    const manifest = JSON.parse(await Deno.readTextFile(`${tmp}/cap/run.json`));
    assert.equal(manifest.server.command, "vllm serve fake/model");
  } finally {
    server?.kill("SIGTERM");
    await server?.status;
    await engine.close();
    await Deno.remove(bin, { recursive: true });
    await Deno.remove(tmp, { recursive: true });
  }
});

/** Python's reading of the rocprofv3 CSVs: kernel rows per file, and marker rows. */
const CSV_PY = `
import csv, glob, json, sys
k = {p: sum(1 for _ in csv.DictReader(open(p))) for p in sorted(glob.glob(sys.argv[1] + "/*/*_kernel_trace.csv"))}
m = sum(sum(1 for _ in csv.DictReader(open(p))) for p in glob.glob(sys.argv[1] + "/*/*_marker_api_trace.csv"))
print(json.dumps({"kernels": list(k.values()), "markers": m}))
`;

Deno.test("profile-decode --tracer rocprofv3: per-process CSVs of the roctx window ingest as one run", async () => {
  const { out, cleanup } = await capture("rocprofv3");
  const engine = await memoryStore();
  try {
    const csvs = await pythonJson<{ kernels: number[]; markers: number }>(
      CSV_PY,
      `${out}/rocprofv3`,
    );
    assert.equal(csvs.kernels.length, TP);
    // 5 kernels per decode step; the window holds at least STEPS steps
    for (const n of csvs.kernels) assert.ok(n % 5 === 0 && n / 5 >= STEPS, `${n} kernel rows`);
    const r = await ingestPath(engine, out);
    assert.equal(r.format, "rocprofv3-csv");
    assert.equal(r.counts.dispatches, csvs.kernels.reduce((a, b) => a + b, 0));
    const meta = await engine.query<{ value: string }>(
      "SELECT value FROM run_meta WHERE run_id = ? AND key = 'tracer'",
      [r.run_id],
    );
    assert.deepEqual(meta, [{ value: "rocprofv3" }]);
    const [stored] = await engine.query("SELECT arch, rank_count FROM runs WHERE run_id = ?", [
      r.run_id,
    ]);
    assert.deepEqual(stored, { arch: "gfx942", rank_count: TP });
  } finally {
    await engine.close();
    await cleanup();
  }
});
