/**
 * Figures of one server log: requests running and waiting over time against
 * the client's concurrency, and GPU KV cache use against the 90% saturation
 * line (bench_log_timeline).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Row } from "../../db/engine.ts";
import { benchPlotHtml } from "./plot_html.ts";

interface Sample {
  t: number;
  state: string;
  requests: number;
}

/** Stacked running + waiting requests over time, with the client concurrency as a rule. */
export function requestsPlot(timeline: Row[], clientConcurrency: number | null): string | null {
  if (!timeline.length) return null;
  const samples: Sample[] = timeline.flatMap((r) => [
    { t: r.t_s as number, state: "running", requests: (r.running as number | null) ?? 0 },
    { t: r.t_s as number, state: "waiting", requests: (r.waiting as number | null) ?? 0 },
  ]);
  const marks: Plot.Markish[] = [
    Plot.areaY(samples, {
      x: "t",
      y: "requests",
      fill: "state",
      curve: "step-after",
      fillOpacity: 0.85,
      order: ["running", "waiting"],
    }),
    Plot.ruleY([0]),
  ];
  if (clientConcurrency !== null) {
    marks.push(
      Plot.ruleY([clientConcurrency], { stroke: "#a40e26", strokeDasharray: "5,4" }),
      Plot.text([clientConcurrency], {
        y: (d: number) => d,
        text: (d: number) => `client concurrency ${d}`,
        frameAnchor: "right",
        dy: -7,
        fill: "#a40e26",
        fontSize: 11,
      }),
    );
  }
  return benchPlotHtml({
    width: 760,
    height: 210,
    x: { label: "seconds since the first stats line", labelAnchor: "center", labelArrow: "none" },
    y: { label: "requests", grid: true, labelArrow: "none" },
    color: { domain: ["running", "waiting"], range: ["#4269d0", "#ff725c"], legend: true },
    marks,
  });
}

/** GPU KV cache use over time, with the 90% line the diagnosis calls saturated. */
export function kvCachePlot(timeline: Row[]): string | null {
  const points = timeline.filter((r) => typeof r.gpu_kv_pct === "number");
  if (!points.length) return null;
  return benchPlotHtml({
    width: 760,
    height: 170,
    x: { label: "seconds since the first stats line", labelAnchor: "center", labelArrow: "none" },
    y: { label: "GPU KV cache %", domain: [0, 100], grid: true, labelArrow: "none" },
    marks: [
      Plot.ruleY([90], { stroke: "#a40e26", strokeDasharray: "5,4" }),
      Plot.lineY(points, {
        x: "t_s",
        y: "gpu_kv_pct",
        stroke: "#6cc5b0",
        strokeWidth: 2,
        curve: "step-after",
      }),
      Plot.ruleY([0]),
    ],
  });
}
