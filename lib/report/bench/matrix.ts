/**
 * Benchmark report section: the results per (ISL, OSL) — output and total
 * throughput, throughput per GPU, interactivity, TTFT and TPOT (median and
 * p99) by configuration, TP and concurrency (bench_matrix); and the figure
 * of throughput against concurrency.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Row } from "../../db/engine.ts";
import type { BenchTable } from "../../bench/summary.ts";
import { type Column, figure, heading, para, table } from "../doc.ts";
import { lengths, ms, rate, tps } from "./format.ts";
import { throughputPlot } from "./plot_throughput.ts";
import type { SeriesNamer } from "./series.ts";

const varies = (rows: Row[], key: string) => new Set(rows.map((r) => r[key])).size > 1;

function matrixTable(t: BenchTable, multiLabel: boolean): RootContent {
  const rows = t.rows;
  const optional: [string, string, boolean, (r: Row) => string][] = [
    ["label", "label", multiLabel, (r) => String(r.label ?? "")],
    ["model", "model", varies(rows, "model"), (r) => String(r.model ?? "–")],
    ["hardware", "hardware", varies(rows, "hardware_key"), (r) => String(r.hardware_key ?? "–")],
  ];
  const shown = optional.filter(([, , on]) => on);
  const withRate = rows.some((r) => r.request_rate !== Infinity);
  const repeated = rows.some((r) => (r.results as number) > 1);
  const columns: Column[] = [
    ...shown.map(([, title]) => ({ title, align: "left" as const })),
    { title: "parallelism", align: "left" },
    { title: "TP", align: "right" },
    { title: "conc", align: "right" },
    ...(withRate ? [{ title: "req/s", align: "right" as const }] : []),
    ...(repeated ? [{ title: "results", align: "right" as const }] : []),
    { title: "out tok/s", align: "right" },
    { title: "total tok/s", align: "right" },
    { title: "tok/s/GPU", align: "right" },
    { title: "tok/s/user", align: "right" },
    { title: "TTFT med ms", align: "right" },
    { title: "TTFT p99 ms", align: "right" },
    { title: "TPOT med ms", align: "right" },
    { title: "TPOT p99 ms", align: "right" },
  ];
  return table(
    columns,
    rows.map((r) => [
      ...shown.map(([, , , get]) => get(r)),
      String(r.parallelism ?? "–"),
      r.tp === null ? "–" : String(r.tp),
      r.concurrency === null ? "–" : String(r.concurrency),
      ...(withRate ? [rate(r.request_rate) || "–"] : []),
      ...(repeated ? [String(r.results)] : []),
      tps(r.output_throughput),
      tps(r.total_throughput),
      tps(r.per_gpu_tput),
      tps(r.tok_s_per_user),
      ms(r.median_ttft_ms),
      ms(r.p99_ttft_ms),
      ms(r.median_tpot_ms),
      ms(r.p99_tpot_ms),
    ]),
  );
}

/** The figure of throughput against concurrency. */
export function throughputSection(tables: BenchTable[], name: SeriesNamer): RootContent[] {
  const svg = throughputPlot(tables.flatMap((t) => t.rows), name);
  return [
    heading(2, "Throughput vs concurrency"),
    svg ? figure(svg) : para("No unthrottled result with a client concurrency to draw."),
  ];
}

/** One table per (ISL, OSL). */
export function matrixSection(tables: BenchTable[], labels: string[]): RootContent[] {
  const out: RootContent[] = [
    heading(2, "Results by (ISL, OSL)"),
    para(
      "One row per configuration and load point; repeated results at a point are summarised by their median. ",
      "Throughputs are tokens/s (total = prompt + generated; per GPU = total / GPUs); tok/s/user = 1000 / median TPOT unless reported; ",
      "latencies are ms. req/s inf = unthrottled.",
    ),
  ];
  for (const t of tables) {
    out.push(heading(3, lengths(t.isl, t.osl)), matrixTable(t, labels.length > 1));
  }
  return out;
}
