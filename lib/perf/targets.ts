/**
 * The performance targets, checked against a bench run's figures. Each is
 * reported with what was measured and its limit; a target whose case was not
 * run is "not measured".
 *
 * @module
 */
import { sizeLabel } from "./options.ts";
import type { BenchResults, CaseResult, Summary, TargetResult } from "./results.ts";

const GIB = 1024;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mib(x: number | null): string {
  return x === null ? "unknown" : `${Math.round(x)} MiB`;
}

function notMeasured(target: string, limit: string): TargetResult {
  return { target, measured: "—", limit, status: "not measured" };
}

function findCase(r: BenchResults, format: string, engine: string, dispatches: number) {
  return r.cases.find((c) =>
    c.format === format && c.engine === engine && c.dispatches === dispatches
  );
}

/** Pipeline (process) time over the floor (process) time, by wall and by CPU time. */
function ratio(c: Summary, f: Summary): { wall: number; cpu: number | null } | null {
  if (c.wall_ms === null || f.wall_ms === null) return null;
  return {
    wall: c.wall_ms / f.wall_ms,
    cpu: c.cpu_ms !== null && f.cpu_ms !== null ? c.cpu_ms / f.cpu_ms : null,
  };
}

function ratioTarget(
  target: string,
  c: CaseResult | undefined,
  floor: Summary | undefined,
  max: number,
) {
  const limit = `≤ ${max}× the floor`;
  if (!c || !floor) return notMeasured(target, limit);
  if (!c.summary.ok_runs) {
    return {
      target,
      measured: `failed: ${c.summary.error}`,
      limit,
      status: "fail",
    } as TargetResult;
  }
  const r = ratio(c.summary, floor);
  if (!r) return notMeasured(target, limit);
  return {
    target,
    measured:
      `${r.wall.toFixed(2)}× (${seconds(c.summary.wall_ms!)} vs floor ${seconds(floor.wall_ms!)}` +
      `${r.cpu === null ? "" : `; CPU time ${r.cpu.toFixed(2)}×`})`,
    limit,
    status: r.wall <= max ? "pass" : "fail",
  } as TargetResult;
}

/** Every target, in the order of the issue. */
export function evaluateTargets(r: BenchResults): TargetResult[] {
  const out: TargetResult[] = [];
  const floor1m = r.floors.find((f) => f.dispatches === 1_000_000)?.summary;

  out.push(ratioTarget(
    "native, rocprofv3 CSV, 1M dispatches: ingest + classify + decode summary + report",
    findCase(r, "rocprofv3", "native", 1_000_000),
    floor1m,
    2,
  ));

  const big = findCase(r, "rocprofv3", "native", 10_000_000);
  const bigTarget = "native, rocprofv3 CSV, 10M dispatches: completes within the memory limit";
  if (!big) out.push(notMeasured(bigTarget, "peak RSS ≤ 4 GiB"));
  else {
    const rss = big.summary.max_rss_mib;
    out.push({
      target: bigTarget,
      measured: big.summary.ok_runs
        ? `${seconds(big.summary.wall_ms!)}, peak RSS ${mib(rss)}`
        : `failed: ${big.summary.error}`,
      limit: "peak RSS ≤ 4 GiB",
      status: big.summary.ok_runs && rss !== null && rss <= 4 * GIB ? "pass" : "fail",
    });
  }

  const kineto = r.cases.filter((c) => c.format === "kineto" && c.engine === "native");
  if (!kineto.length) {
    out.push(notMeasured("Kineto JSON ingest (native)", "≥ 100 MB/s, peak RSS ≤ 2 GiB"));
  }
  for (const c of kineto) {
    const target = `Kineto JSON ingest, ${sizeLabel(c.dispatches)} dispatches (${
      (c.input_bytes / 1e6).toFixed(0)
    } MB)`;
    const step = c.summary.steps.ingest;
    if (!step || c.ingest_mb_s === null) {
      out.push({
        target,
        measured: `failed: ${c.summary.error}`,
        limit: "≥ 100 MB/s",
        status: "fail",
      });
      continue;
    }
    out.push({
      target,
      measured: `${c.ingest_mb_s.toFixed(0)} MB/s, peak RSS ${mib(step.peak_rss_mib)}`,
      limit: "≥ 100 MB/s, peak RSS ≤ 2 GiB",
      status: c.ingest_mb_s >= 100 && (step.peak_rss_mib ?? Infinity) <= 2 * GIB ? "pass" : "fail",
    });
  }

  if (!r.checks.length) {
    out.push(
      notMeasured("1 GB Kineto JSON and 5M-row kernel_trace.csv ingest", "peak RSS < 2 GiB"),
    );
  }
  for (const c of r.checks) {
    const rss = c.summary.max_rss_mib;
    out.push({
      target: `${c.label}: ingest into a store file`,
      measured: c.summary.ok_runs
        ? `peak RSS ${mib(rss)} (${seconds(c.summary.wall_ms!)}, ${
          c.ingest_mb_s?.toFixed(0) ?? "?"
        } MB/s)`
        : `failed: ${c.summary.error}`,
      limit: "peak RSS < 2 GiB",
      status: c.summary.ok_runs && rss !== null && rss < 2 * GIB ? "pass" : "fail",
    });
  }

  if (!r.small_reports.length) {
    out.push(notMeasured("report on ≤ 10k dispatches, end to end", "≤ 1.5 s"));
  }
  for (const s of r.small_reports) {
    out.push({
      target: `deno task report on ${s.label}, end to end`,
      measured: s.summary.ok_runs ? seconds(s.summary.wall_ms!) : `failed: ${s.summary.error}`,
      limit: "≤ 1.5 s",
      status: s.summary.ok_runs && s.summary.wall_ms! <= 1500 ? "pass" : "fail",
    });
  }

  out.push(ratioTarget(
    "wasm, rocprofv3 CSV, 1M dispatches: ingest + classify + decode summary + report",
    findCase(r, "rocprofv3", "wasm", 1_000_000),
    floor1m,
    3,
  ));

  const refused = r.cases.filter((c) => c.engine === "wasm" && c.summary.ok_runs === 0);
  const ceiling = "wasm above its memory ceiling: a clear message naming the native engine";
  if (!refused.length) out.push(notMeasured(ceiling, "no crash"));
  for (const c of refused) {
    const msg = c.summary.error ?? "";
    out.push({
      target: `${ceiling} (${c.format}, ${sizeLabel(c.dispatches)})`,
      measured: msg,
      limit: "names --engine native",
      status: /native/.test(msg) ? "pass" : "fail",
    });
  }
  return out;
}
