/**
 * `--help` and `--dry-run` of the capture scripts work without a GPU and,
 * under --dry-run, print every command and run none: every tool they could
 * call (python3 included) is a recorder that would leave a trace.
 *
 * @module
 */
import assert from "node:assert/strict";
import { CAPTURE, cleanEnv, type Ran, run } from "./standin_env.ts";

const TOOLS = [
  "vllm",
  "python3",
  "rocprofv3",
  "runTracer.sh",
  "nsys",
  "amd-smi",
  "rocminfo",
  "nvidia-smi",
  "pip",
];

/** A PATH folder where every tool only records that it was called. */
async function recorders(): Promise<{ dir: string; calls: string }> {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-recorders-" });
  const calls = `${dir}/calls`;
  for (const t of TOOLS) {
    await Deno.writeTextFile(`${dir}/${t}`, `#!/bin/sh\necho "${t} $*" >> '${calls}'\n`, {
      mode: 0o755,
    });
  }
  return { dir, calls };
}

async function dryRun(script: string, args: string[]): Promise<Ran & { out: string }> {
  const { dir, calls } = await recorders();
  const out = await Deno.makeTempDir({ prefix: "tracedeck-dry-" });
  try {
    const r = await run(
      [CAPTURE + script, ...args.map((a) => a.replace("OUT", out)), "--dry-run"],
      {
        ...cleanEnv(dir),
        PYTHON: "python3",
      },
    );
    let called = "";
    try {
      called = await Deno.readTextFile(calls);
    } catch { /* nothing was called */ }
    assert.equal(called, "", `--dry-run ran tools:\n${called}`);
    return { ...r, out };
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(out, { recursive: true });
  }
}

Deno.test("profile-decode and bench-matrix --help print usage and exit 0", async () => {
  const env = cleanEnv("/nonexistent");
  const pd = await run([CAPTURE + "profile-decode", "--help"], env);
  assert.equal(pd.code, 0);
  assert.match(pd.stdout, /^Usage: capture\/profile-decode --tracer T --out DIR/);
  for (const t of ["torch", "rocprofv3", "rpd", "nsys", "--dry-run", "--steps"]) {
    assert.ok(pd.stdout.includes(t), t);
  }
  const bm = await run([CAPTURE + "bench-matrix", "-h"], env);
  assert.equal(bm.code, 0);
  assert.match(bm.stdout, /^Usage: capture\/bench-matrix --model MODEL --out DIR/);
  const mf = await run([CAPTURE + "manifest", "--help"], env);
  assert.equal(mf.code, 0);
  assert.match(mf.stdout, /--server-cmd/);
});

Deno.test("profile-decode --dry-run, torch on vLLM: profiler config, client, trace wait, manifest", async () => {
  const r = await dryRun("profile-decode", [
    "--tracer",
    "torch",
    "--out",
    "OUT/cap",
    "--server-cmd",
    "vllm serve meta-llama/Llama-3.1-8B --tensor-parallel-size 8",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.ok(lines.every((l) => l.startsWith("+ ")), r.stdout);
  const server = lines.find((l) => l.includes("setsid"))!;
  assert.ok(server.includes("VLLM_RPC_TIMEOUT=1800000"));
  assert.ok(
    server.includes(
      `--profiler-config '\\''{"profiler": "torch", "torch_profiler_dir": "${r.out}/cap/torch"`,
    ),
    server,
  );
  assert.ok(server.endsWith(`>>${r.out}/cap/server.log 2>&1 &`), server);
  const client = lines.find((l) => l.includes("decode_load.py"))!;
  assert.match(
    client,
    /--url http:\/\/127\.0\.0\.1:8000 --steps 100 --concurrency 32 .*--window http/,
  );
  assert.ok(lines.some((l) => l.startsWith(`+ wait for new traces in ${r.out}/cap/torch`)));
  assert.ok(lines.some((l) => l.includes("capture/manifest --out") && l.includes("--meta tp=8")));
  assert.ok(lines.some((l) => l.startsWith("+ kill -INT")));
});

Deno.test("profile-decode --dry-run, rocprofv3: kernel+marker CSV trace with --selected-regions and the roctx window", async () => {
  const r = await dryRun("profile-decode", [
    "--tracer",
    "rocprofv3",
    "--out",
    "OUT/cap",
    "--server-cmd",
    "vllm serve m --tensor-parallel-size 8 --port 8123",
    "--steps",
    "50",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(
    r.stdout.includes(
      `rocprofv3 --kernel-trace --marker-trace --memory-copy-trace --output-format csv -d ${r.out}/cap/rocprofv3 -o %hostname%/%pid% --selected-regions -- bash -c 'exec vllm serve m --tensor-parallel-size 8 --port 8123'`,
    ),
    r.stdout,
  );
  assert.ok(r.stdout.includes(`PYTHONPATH=${CAPTURE}lib/roctx_window`));
  assert.ok(
    r.stdout.includes(
      `TRACEDECK_WINDOW_TRIGGER=${r.out}/cap/.window-open TRACEDECK_WINDOW_TOOL=rocprofv3`,
    ),
  );
  assert.match(
    r.stdout,
    /decode_load\.py --url http:\/\/127\.0\.0\.1:8123 --steps 50 .*--window file .*--trigger /,
  );
});

Deno.test("profile-decode --dry-run, rocprofv3 with a collection period instead of the window", async () => {
  const r = await dryRun("profile-decode", [
    "--tracer",
    "rocprofv3",
    "--out",
    "OUT/cap",
    "--server-cmd",
    "vllm serve m",
    "--collection-period",
    "300:5",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes("--collection-period 300:5:1 --collection-period-unit sec --"));
  assert.ok(!r.stdout.includes("--selected-regions"));
  assert.match(r.stdout, /--window none/);
});

Deno.test("profile-decode --dry-run, rpd and nsys", async () => {
  const rpd = await dryRun("profile-decode", [
    "--tracer",
    "rpd",
    "--out",
    "OUT/cap",
    "--server-cmd",
    "vllm serve m",
  ]);
  assert.equal(rpd.code, 0, rpd.stderr);
  assert.ok(rpd.stdout.includes(`RPDT_AUTOSTART=0`));
  assert.ok(
    rpd.stdout.includes(
      `TRACEDECK_WINDOW_TOOL=rpd setsid runTracer.sh -o ${rpd.out}/cap/trace.rpd bash -c`,
    ),
  );
  const nsys = await dryRun("profile-decode", [
    "--tracer",
    "nsys",
    "--out",
    "OUT/cap",
    "--server-cmd",
    "vllm serve m",
  ]);
  assert.equal(nsys.code, 0, nsys.stderr);
  assert.ok(nsys.stdout.includes("--capture-range=cudaProfilerApi --capture-range-end=stop"));
  assert.ok(nsys.stdout.includes(`--profiler-config '\\''{"profiler": "cuda"}'\\''`), nsys.stdout);
  assert.ok(
    nsys.stdout.includes(
      `+ nsys export --type sqlite --force-overwrite true --output ${nsys.out}/cap/nsys/report.sqlite ${nsys.out}/cap/nsys/report.nsys-rep`,
    ),
  );
});

Deno.test("profile-decode --dry-run, SGLang and old vLLM: env-enabled profilers, SGLang's port and output_dir", async () => {
  const sgl = await dryRun("profile-decode", [
    "--tracer",
    "torch",
    "--out",
    "OUT/cap",
    "--server-cmd",
    "python3 -m sglang.launch_server --model-path m --tp 4",
  ]);
  assert.equal(sgl.code, 0, sgl.stderr);
  assert.ok(sgl.stdout.includes(`SGLANG_TORCH_PROFILER_DIR=${sgl.out}/cap/torch`));
  assert.ok(
    sgl.stdout.includes(
      `--start-body '{"output_dir": "${sgl.out}/cap/torch", "activities": ["CPU", "GPU"]}'`,
    ),
  );
  assert.match(sgl.stdout, /--url http:\/\/127\.0\.0\.1:30000 /);
  const old = await dryRun("profile-decode", [
    "--tracer",
    "torch",
    "--out",
    "OUT/cap",
    "--server-cmd",
    "vllm serve m",
    "--vllm-profiler",
    "env",
  ]);
  assert.equal(old.code, 0, old.stderr);
  assert.ok(old.stdout.includes(`VLLM_TORCH_PROFILER_DIR=${old.out}/cap/torch`));
  assert.ok(!old.stdout.includes("--profiler-config"));
});

Deno.test("profile-decode rejects bad usage with exit 2 and one line", async () => {
  const env = cleanEnv("/nonexistent");
  const cases: [string[], RegExp][] = [
    [["--out", "/tmp/x", "--server-cmd", "vllm serve m"], /--tracer is required/],
    [["--tracer", "perf", "--out", "/tmp/x", "--server-cmd", "s"], /unknown --tracer 'perf'/],
    [
      ["--tracer", "rocprofv3", "--out", "/tmp/x", "--url", "http://127.0.0.1:1"],
      /must start the server itself/,
    ],
    [["--tracer", "torch", "--out", "/tmp/x", "--url", "http://127.0.0.1:1"], /give --torch-dir/],
    [
      ["--tracer", "torch", "--out", "/tmp/x", "--server-cmd", "s", "--steps", "ten"],
      /expected a whole number/,
    ],
    [["--tracer", "torch", "--bogus"], /unknown option '--bogus'/],
  ];
  for (const [args, message] of cases) {
    const r = await run([CAPTURE + "profile-decode", ...args], env);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

Deno.test("bench-matrix --dry-run: one client run per cell, server per TP, finished cells skipped", async () => {
  const out = await Deno.makeTempDir({ prefix: "tracedeck-dry-" });
  await Deno.writeTextFile(`${out}/Llama-3.1-8B_tp8_isl1024_osl1024_conc1.json`, "{}");
  const r = await dryRun("bench-matrix", [
    "--model",
    "meta-llama/Llama-3.1-8B",
    "--out",
    out,
    "--tp",
    "4,8",
    "--conc",
    "1,4",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const clients = r.stdout.split("\n").filter((l) => l.includes(" bench serve "));
  assert.equal(clients.length, 3);
  for (const [tp, conc] of [[4, 1], [4, 4], [8, 4]]) {
    const line = clients.find((l) =>
      l.includes(`--result-filename Llama-3.1-8B_tp${tp}_isl1024_osl1024_conc${conc}.json`)
    );
    assert.ok(line, `no client run for tp${tp} conc${conc}`);
    assert.ok(
      line.startsWith(
        "+ timeout --kill-after=30 3600 vllm bench serve --backend vllm --model meta-llama/Llama-3.1-8B",
      ),
    );
    for (
      const part of [
        `--num-prompts ${conc * 10} --max-concurrency ${conc} --request-rate inf --ignore-eos`,
        "--percentile-metrics ttft,tpot,itl,e2el",
        `--save-result --result-dir ${out}`,
        `--metadata tp=${tp} isl=1024 osl=1024 conc=${conc}`,
      ]
    ) assert.ok(line.includes(part), `${part} missing in ${line}`);
  }
  const servers = r.stdout.split("\n").filter((l) => l.includes("setsid"));
  assert.deepEqual(servers.map((l) => /--tensor-parallel-size (\d+)/.exec(l)![1]), ["4", "8"]);
  assert.ok(servers[1].endsWith(`>>${out}/server_tp8.log 2>&1 &`));
  assert.match(r.stderr, /skip Llama-3\.1-8B_tp8_isl1024_osl1024_conc1 \(result exists\)/);
  await Deno.remove(out, { recursive: true });
});
