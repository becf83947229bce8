/**
 * Figure: the A/B ratios of every shared point, one panel per quantity
 * (throughput, TTFT, TPOT); filled dots are the median (generated tokens/s
 * for throughput), rings the p99 (total tokens/s), red when past the
 * threshold. Right of 1 is the candidate better.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Row } from "../../db/engine.ts";
import { benchPlotHtml } from "./plot_html.ts";
import { lengths, rate } from "./format.ts";
import { LATENCY_RISE_PCT, RATIOS, THROUGHPUT_DROP_PCT } from "./thresholds.ts";

interface Dot {
  point: string;
  panel: string;
  /** The ratio's name, e.g. "TTFT p99". */
  metric: string;
  /** Filled dot (median latency, generated tok/s) or ring (p99 latency, total tok/s). */
  ring: boolean;
  ratio: number;
  regressed: boolean;
}

const PANELS: Record<string, string> = {
  output_tput: "throughput",
  total_tput: "throughput",
  median_ttft: "TTFT",
  p99_ttft: "TTFT",
  median_tpot: "TPOT",
  p99_tpot: "TPOT",
};

/** The name of a shared point on the figure's y axis. */
export function pointName(r: Row): string {
  const rr = r.request_rate === Infinity || r.request_rate === null
    ? ""
    : ` @ ${rate(r.request_rate)} req/s`;
  return `${lengths(r.isl, r.osl)} · c${r.concurrency ?? "∞"}${rr}`;
}

/** The figure over bench_ab rows, or null when there are none. */
export function ratioPlot(rows: Row[]): string | null {
  const dots: Dot[] = rows.flatMap((r) =>
    RATIOS.filter((m) => typeof r[m.ratio] === "number" && (r[m.ratio] as number) > 0).map((m) => ({
      point: pointName(r),
      panel: PANELS[m.key],
      metric: m.title,
      ring: m.key.startsWith("p99") || m.key === "total_tput",
      ratio: r[m.ratio] as number,
      regressed: r[m.flag] === true,
    }))
  );
  if (!dots.length) return null;
  const points = [...new Set(dots.map((d) => d.point))];
  const limits = [
    { panel: "throughput", x: 1 - THROUGHPUT_DROP_PCT / 100 },
    { panel: "TTFT", x: 1 / (1 + LATENCY_RISE_PCT / 100) },
    { panel: "TPOT", x: 1 / (1 + LATENCY_RISE_PCT / 100) },
  ];
  const tip = (d: Dot) =>
    `${d.point}\n${d.metric} ratio: ${d.ratio.toFixed(3)}${d.regressed ? " (regression)" : ""}`;
  return benchPlotHtml({
    caption:
      `Filled: generated tok/s, median TTFT, median TPOT; rings: total tok/s, p99 TTFT, p99 TPOT. Right of 1: the candidate is better. Red: past the threshold (dashed: −${THROUGHPUT_DROP_PCT}% throughput, +${LATENCY_RISE_PCT}% latency).`,
    width: 1100,
    height: 70 + 22 * points.length,
    marginLeft: 210,
    marginTop: 30,
    x: {
      type: "log",
      label: "ratio (> 1: candidate better)",
      grid: true,
      tickFormat: "~g",
      labelArrow: "none",
      labelAnchor: "center",
    },
    y: { domain: points, label: null },
    fx: { domain: ["throughput", "TTFT", "TPOT"], label: null, axis: "top" },
    color: { domain: [false, true], range: ["#4269d0", "#a40e26"] },
    marks: [
      Plot.frame({ stroke: "#d0d7de" }),
      Plot.ruleX([1], { stroke: "#1b1f24" }),
      Plot.ruleX(limits, { x: "x", fx: "panel", stroke: "#a40e26", strokeDasharray: "4,3" }),
      Plot.dot(dots.filter((d) => d.ring), {
        x: "ratio",
        y: "point",
        fx: "panel",
        stroke: "regressed",
        r: 5,
        strokeWidth: 1.5,
        title: tip,
      }),
      Plot.dot(dots.filter((d) => !d.ring), {
        x: "ratio",
        y: "point",
        fx: "panel",
        fill: "regressed",
        r: 3.5,
        title: tip,
      }),
    ],
  });
}
