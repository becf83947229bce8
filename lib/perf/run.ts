/**
 * Running the bench: for each size, generate (or reuse) the traces, then per
 * run measure the floor and every format × engine pipeline in fresh child
 * processes, interleaved so that each run of the floor and of the pipelines
 * sees the same background load; then the small-trace reports and the
 * memory checks. A case that fails on its first run is not repeated (a
 * refusal such as the wasm engine's memory ceiling is the result).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { ChildTask } from "./child.ts";
import { type BenchInput, benchInput } from "./inputs.ts";
import { loadAverage, machineInfo } from "./machine.ts";
import { type BenchOptions, sizeLabel } from "./options.ts";
import {
  type BenchResults,
  type CaseResult,
  type CheckResult,
  type FloorResult,
  mbPerSecond,
  type RunSample,
  sampleOf,
  type SmallReportResult,
  summarise,
} from "./results.ts";
import { runMeasured } from "./spawn.ts";
import { evaluateTargets } from "./targets.ts";

/** The project root (children run there, as `deno task` does). */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url));
const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));

/** The sample of the nvidia Mixtral-like decode trace (about 10k dispatches), when ../shared exists. */
const MIXTRAL_SAMPLE = fileURLToPath(
  new URL(
    "../../../shared/samples/nvidia/h100_mixtral-like_decode_userannot.json.gz",
    import.meta.url,
  ),
);

/** Dispatches of the generated small-report trace. */
const SMALL_DISPATCHES = 10_000;
/** The memory checks: a 1 GB Kineto JSON (2.4M dispatches, one rank) and a 5M-row kernel_trace.csv. */
const CHECKS = [
  { label: "Kineto JSON, 1 GB (2.4M dispatches, 1 rank)", format: "kineto", dispatches: 2_400_000 },
  {
    label: "rocprofv3 kernel_trace.csv, 5M rows (1 rank)",
    format: "rocprofv3",
    dispatches: 5_000_000,
  },
] as const;

function childCommand(task: ChildTask): string[] {
  return [Deno.execPath(), "run", "--allow-all", CHILD, JSON.stringify(task)];
}

async function measure(cmd: string[], opts: BenchOptions): Promise<RunSample> {
  return sampleOf(await runMeasured(cmd, { cwd: ROOT, timeoutMs: opts.timeoutMs }));
}

function kernelTraces(input: BenchInput): string[] {
  return input.files.filter((f) => /kernel_trace\.csv$/.test(f));
}

function fileBytes(files: string[]): number {
  return files.reduce((n, f) => n + Deno.statSync(f).size, 0);
}

/** Progress lines go here. */
export type Log = (line: string) => void;

function describe(s: RunSample): string {
  if (!s.ok) return `failed: ${s.error}`;
  const parts = Object.entries(s.steps).map(([k, v]) => `${k} ${(v.wall_ms / 1000).toFixed(2)}s`);
  if (s.max_rss_mib !== null) parts.push(`peak ${Math.round(s.max_rss_mib)} MiB`);
  return `${(s.wall_ms / 1000).toFixed(2)}s (${parts.join(", ")})`;
}

async function measureSize(
  dispatches: number,
  opts: BenchOptions,
  log: Log,
  cases: CaseResult[],
  floors: FloorResult[],
): Promise<void> {
  const inputs: BenchInput[] = [];
  const formats = opts.parts.includes("cases")
    ? opts.formats
    : opts.formats.filter((f) => f === "rocprofv3"); // the floor reads the CSV only
  for (const format of formats) {
    inputs.push(
      await benchInput(`${opts.out}/inputs`, format, dispatches, opts.seed, undefined, log),
    );
  }
  const sized = inputs.map((input) =>
    opts.parts.includes("cases")
      ? opts.engines.map((engine) => {
        const c: CaseResult = {
          format: input.format,
          engine,
          dispatches,
          ranks: input.ranks,
          input_files: input.files.length,
          input_bytes: input.bytes,
          samples: [],
          summary: summarise([]),
          ingest_mb_s: null,
        };
        cases.push(c);
        return { input, c };
      })
      : []
  ).flat();
  const csv = inputs.find((i) => i.format === "rocprofv3");
  const floor: FloorResult | null = csv && opts.parts.includes("floor")
    ? {
      dispatches,
      ranks: csv.ranks,
      input_bytes: fileBytes(kernelTraces(csv)),
      samples: [],
      summary: summarise([]),
    }
    : null;
  if (floor) floors.push(floor);
  const tmp = `${opts.out}/tmp`;
  await Deno.mkdir(tmp, { recursive: true });
  for (let run = 1; run <= opts.runs; run++) {
    if (floor && csv) {
      const s = await measure(childCommand({ task: "floor", files: kernelTraces(csv) }), opts);
      floor.samples.push(s);
      log(`${sizeLabel(dispatches)} floor run ${run}: ${describe(s)}`);
    }
    for (const { input, c } of sized) {
      if (c.samples.length && !c.samples[0].ok) continue; // a refusal is not repeated
      const task: ChildTask = {
        task: "pipeline",
        engine: c.engine as "native" | "wasm",
        path: input.path,
        out: `${tmp}/report-${c.format}-${c.engine}`,
      };
      const s = await measure(childCommand(task), opts);
      c.samples.push(s);
      log(`${sizeLabel(dispatches)} ${c.format} ${c.engine} run ${run}: ${describe(s)}`);
    }
  }
  for (const { c } of sized) {
    c.summary = summarise(c.samples);
    c.ingest_mb_s = mbPerSecond(c.input_bytes, c.summary.steps.ingest);
  }
  if (floor) floor.summary = summarise(floor.samples);
}

async function smallReports(opts: BenchOptions, log: Log): Promise<SmallReportResult[]> {
  const generated = await benchInput(
    `${opts.out}/inputs`,
    "kineto",
    SMALL_DISPATCHES,
    opts.seed,
    1,
    log,
  );
  const traces: { label: string; path: string; dispatches: number | null }[] = [
    {
      label: `generated Kineto, ${sizeLabel(SMALL_DISPATCHES)} dispatches`,
      path: generated.path,
      dispatches: SMALL_DISPATCHES,
    },
  ];
  try {
    Deno.statSync(MIXTRAL_SAMPLE);
    traces.push({
      label: "nvidia Mixtral-like sample (9,903 dispatches)",
      path: MIXTRAL_SAMPLE,
      dispatches: 9903,
    });
  } catch {
    log("skipping the nvidia Mixtral sample: ../shared is not present");
  }
  const out: SmallReportResult[] = [];
  for (const t of traces) {
    const samples: RunSample[] = [];
    for (let run = 1; run <= opts.runs; run++) {
      const cmd = [
        Deno.execPath(),
        "task",
        "report",
        t.path,
        "--out",
        `${opts.out}/tmp/small-report`,
      ];
      const s = await measure(cmd, opts);
      samples.push(s);
      log(`small report (${t.label}) run ${run}: ${describe(s)}`);
    }
    out.push({ ...t, samples, summary: summarise(samples) });
  }
  return out;
}

async function memoryChecks(opts: BenchOptions, log: Log): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const check of CHECKS) {
    const input = await benchInput(
      `${opts.out}/inputs`,
      check.format,
      check.dispatches,
      opts.seed,
      1,
      log,
    );
    const db = `${opts.out}/tmp/check.duckdb`;
    await Deno.remove(db).catch(() => {});
    await Deno.remove(`${db}.wal`).catch(() => {});
    const s = await measure(childCommand({ task: "ingest-store", path: input.path, db }), opts);
    await Deno.remove(db).catch(() => {});
    await Deno.remove(`${db}.wal`).catch(() => {});
    log(`check ${check.label}: ${describe(s)}`);
    const summary = summarise([s]);
    out.push({
      label: check.label,
      format: check.format,
      dispatches: check.dispatches,
      input_bytes: input.bytes,
      samples: [s],
      summary,
      ingest_mb_s: mbPerSecond(input.bytes, summary.steps.ingest),
    });
  }
  return out;
}

/** Run the bench as `opts` asks; progress lines go to `log`. */
export async function runBench(
  opts: BenchOptions,
  command: string,
  log: Log,
): Promise<BenchResults> {
  const started_at = new Date().toISOString();
  const machine = await machineInfo(opts.engines.includes("wasm"));
  const cases: CaseResult[] = [];
  const floors: FloorResult[] = [];
  if (opts.parts.includes("cases") || opts.parts.includes("floor")) {
    for (const size of opts.sizes) await measureSize(size, opts, log, cases, floors);
  }
  const small_reports = opts.parts.includes("small") ? await smallReports(opts, log) : [];
  const checks = opts.parts.includes("checks") ? await memoryChecks(opts, log) : [];
  await Deno.remove(`${opts.out}/tmp`, { recursive: true }).catch(() => {});
  machine.load_end = loadAverage();
  const { readme: _readme, ...options } = opts;
  const results: BenchResults = {
    schema: "tracedeck.bench/1",
    started_at,
    finished_at: new Date().toISOString(),
    command,
    machine,
    options,
    cases,
    floors,
    small_reports,
    checks,
    targets: [],
  };
  results.targets = evaluateTargets(results);
  return results;
}
