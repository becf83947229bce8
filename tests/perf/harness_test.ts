/**
 * The bench harness itself (no timing asserts): option parsing, the input
 * cache, a small real run whose dispatch and kernel-name counts are checked
 * against the generated files by an independent route (python3), a failing
 * child reported as one line, and the target verdicts on made-up figures.
 *
 * @module
 */
import assert from "node:assert/strict";
import { UsageError } from "../../lib/cli/errors.ts";
import { benchCommand } from "../../lib/perf/main.ts";
import { benchInput } from "../../lib/perf/inputs.ts";
import { parseBenchArgs, parseSize, sizeLabel } from "../../lib/perf/options.ts";
import type { BenchResults, CaseResult, Summary } from "../../lib/perf/results.ts";
import { ROOT } from "../../lib/perf/run.ts";
import { runMeasured } from "../../lib/perf/spawn.ts";
import { sampleOf } from "../../lib/perf/results.ts";
import { evaluateTargets } from "../../lib/perf/targets.ts";

Deno.test("bench options: sizes, lists, quick defaults and usage errors", () => {
  assert.deepEqual([parseSize("100k"), parseSize("1m"), parseSize("2.4m"), parseSize("20000")], [
    100_000,
    1_000_000,
    2_400_000,
    20_000,
  ]);
  assert.deepEqual([
    sizeLabel(100_000),
    sizeLabel(1_000_000),
    sizeLabel(2_400_000),
    sizeLabel(20_000),
  ], [
    "100k",
    "1m",
    "2.4m",
    "20k",
  ]);
  const full = parseBenchArgs([], "README.md")!;
  assert.deepEqual(full.sizes, [100_000, 1_000_000, 10_000_000]);
  assert.equal(full.runs, 3);
  assert.deepEqual(full.engines, ["native", "wasm"]);
  const quick = parseBenchArgs(["--quick", "--formats", "kineto", "--no-readme"], "README.md")!;
  assert.deepEqual(quick.sizes, [20_000, 100_000]);
  assert.equal(quick.runs, 1);
  assert.deepEqual(quick.formats, ["kineto"]);
  assert.ok(!quick.parts.includes("checks"));
  assert.equal(quick.readme, null);
  assert.equal(parseBenchArgs(["--help"], "README.md"), null);
  for (
    const bad of [["--sizes", "12q"], ["--formats", "csv"], ["--runs", "0"], ["--engines", "gpu"], [
      "--nope",
    ]]
  ) {
    assert.throws(() => parseBenchArgs(bad, "README.md"), UsageError, bad.join(" "));
  }
});

/** Kernel events in a Kineto file and distinct kernel names in kernel_trace CSVs, by python3. */
function pythonCounts(
  kineto: string,
  csvs: string[],
): { kernels: number; csv_rows: number; csv_names: number } {
  const script = `
import csv, json, sys
d = json.load(open(sys.argv[1]))
k = sum(1 for e in d["traceEvents"] if e.get("ph") == "X" and e.get("cat") == "kernel")
rows, names = 0, set()
for p in sys.argv[2:]:
    for r in csv.DictReader(open(p, newline="")):
        rows += 1
        names.add(r["Kernel_Name"])
print(json.dumps({"kernels": k, "csv_rows": rows, "csv_names": len(names)}))
`;
  const out = new Deno.Command("python3", { args: ["-c", script, kineto, ...csvs] }).outputSync();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test("bench: a small run measures every step and counts what the generated files hold", async () => {
  const out = await Deno.makeTempDir({ prefix: "tracedeck-bench-" });
  try {
    const code = await benchCommand([
      "--sizes",
      "20k",
      "--formats",
      "kineto,rocprofv3",
      "--engines",
      "native",
      "--runs",
      "1",
      "--parts",
      "cases,floor",
      "--out",
      out,
      "--no-readme",
    ]);
    assert.equal(code, 0);
    const r = JSON.parse(await Deno.readTextFile(`${out}/results.json`)) as BenchResults;
    assert.equal(r.schema, "tracedeck.bench/1");
    assert.ok(r.machine.cores >= 1 && r.machine.duckdb_native !== null);
    assert.equal(r.cases.length, 2);
    const inputs = [...Deno.readDirSync(`${out}/inputs`)].map((e) => `${out}/inputs/${e.name}`);
    const kineto = inputs.find((p) => /kineto-20k-[^.]*\.json$/.test(p))!;
    const csvDir = inputs.find((p) => /rocprofv3-20k-[^.]*$/.test(p))!;
    const csvs = [...Deno.readDirSync(csvDir)].flatMap((host) =>
      [...Deno.readDirSync(`${csvDir}/${host.name}`)].map((f) => `${csvDir}/${host.name}/${f.name}`)
    ).filter((f) => f.endsWith("kernel_trace.csv"));
    const want = pythonCounts(kineto, csvs);
    for (const c of r.cases) {
      assert.equal(c.summary.ok_runs, 1, `${c.format}: ${c.summary.error}`);
      assert.deepEqual(Object.keys(c.samples[0].steps), [
        "open",
        "ingest",
        "classify",
        "decode",
        "report",
      ]);
      assert.equal(
        c.samples[0].rows,
        c.format === "kineto" ? want.kernels : want.csv_rows,
        c.format,
      );
      assert.ok(c.ingest_mb_s !== null && c.ingest_mb_s > 0);
    }
    assert.equal(r.floors.length, 1);
    assert.equal(r.floors[0].samples[0].rows, want.csv_names, "floor: one row per kernel name");
    assert.equal(r.targets.length >= 7, true);
    assert.ok(r.targets.every((t) => ["pass", "fail", "not measured"].includes(t.status)));
    assert.equal(await Deno.stat(`${out}/tmp`).catch(() => null), null, "scratch removed");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("bench inputs: a generated trace is cached and reused, not generated again", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-bench-inputs-" });
  try {
    const a = await benchInput(dir, "rocprofv3", 4000, 7);
    const done = (await Deno.stat(`${a.path}.done`)).mtime?.getTime();
    const b = await benchInput(dir, "rocprofv3", 4000, 7);
    assert.equal(b.path, a.path);
    assert.equal((await Deno.stat(`${b.path}.done`)).mtime?.getTime(), done, "not generated again");
    assert.equal(a.ranks, 1);
    assert.ok(a.files.some((f) => f.endsWith("kernel_trace.csv")) && a.bytes > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench: a child that fails reports one line, not a crash", async () => {
  const task = JSON.stringify({
    task: "pipeline",
    engine: "native",
    path: "/no/such/trace.json",
    out: "/tmp/x",
  });
  const s = sampleOf(
    await runMeasured([Deno.execPath(), "run", "--allow-all", "lib/perf/child.ts", task], {
      cwd: ROOT,
      timeoutMs: 120_000,
    }),
  );
  assert.equal(s.ok, false);
  assert.match(s.error ?? "", /\/no\/such\/trace\.json: no such file/);
  assert.ok(!(s.error ?? "").includes("\n"));
});

function summary(wall: number | null, extra: Partial<Summary> = {}): Summary {
  return {
    runs: 1,
    ok_runs: wall === null ? 0 : 1,
    error: wall === null ? "the wasm engine ran out of memory: use --engine native" : null,
    wall_ms: wall,
    cpu_ms: wall,
    max_rss_mib: 100,
    steps: wall === null
      ? {}
      : { ingest: { wall_ms: wall / 2, cpu_ms: wall / 2, peak_rss_mib: 100 } },
    ...extra,
  };
}

function fakeCase(
  format: string,
  engine: string,
  dispatches: number,
  s: Summary,
  mbS: number | null = null,
): CaseResult {
  return {
    format,
    engine,
    dispatches,
    ranks: 1,
    input_files: 1,
    input_bytes: 1e9,
    samples: [],
    summary: s,
    ingest_mb_s: mbS,
  };
}

Deno.test("bench targets: verdicts follow the figures, and what was not run is not measured", () => {
  const r = {
    cases: [
      fakeCase("rocprofv3", "native", 1_000_000, summary(1900)),
      fakeCase("rocprofv3", "wasm", 1_000_000, summary(4000)),
      fakeCase("rocprofv3", "wasm", 10_000_000, summary(null)),
      fakeCase("kineto", "native", 1_000_000, summary(4000), 120),
      fakeCase("kineto", "native", 10_000_000, summary(40000), 90),
    ],
    floors: [{
      dispatches: 1_000_000,
      ranks: 8,
      input_bytes: 1,
      samples: [],
      summary: summary(1000),
    }],
    small_reports: [{
      label: "tiny",
      path: "x",
      dispatches: 10,
      samples: [],
      summary: summary(1600),
    }],
    checks: [],
  } as unknown as BenchResults;
  const t = evaluateTargets(r);
  const status = (re: RegExp) => t.filter((x) => re.test(x.target)).map((x) => x.status);
  assert.deepEqual(status(/^native, rocprofv3 CSV, 1M/), ["pass"]);
  assert.deepEqual(status(/^native, rocprofv3 CSV, 10M/), ["not measured"]);
  assert.deepEqual(status(/^Kineto JSON ingest/), ["pass", "fail"]);
  assert.deepEqual(status(/^1 GB Kineto/), ["not measured"]);
  assert.deepEqual(status(/^deno task report/), ["fail"]);
  assert.deepEqual(status(/^wasm, rocprofv3 CSV, 1M/), ["fail"]);
  assert.deepEqual(status(/^wasm above its memory ceiling/), ["pass"]);
});
