/**
 * Figures of one server log: requests running and waiting over time against
 * the client's concurrency, and GPU KV cache use against the 90% saturation
 * line (bench_log_timeline). Where the stats lines pause for more than three
 * of their usual intervals (an excerpt, an idle server) the curves break
 * instead of bridging the gap.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Row } from "../../db/engine.ts";
import { benchPlotHtml } from "./plot_html.ts";

/** Width of each health figure: two fit side by side on the page. */
const WIDTH = 560;

/** The timeline rows, each tagged with the index of its unbroken segment. */
function segments(timeline: Row[]): (Row & { segment: number })[] {
  const t = timeline.map((r) => r.t_s as number);
  const gaps = t.slice(1).map((v, i) => v - t[i]).sort((a, b) => a - b);
  const usual = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 0;
  let segment = 0;
  return timeline.map((r, i) => {
    if (i > 0 && usual > 0 && t[i] - t[i - 1] > 3 * usual) segment++;
    return { ...r, segment };
  });
}

const X_AXIS = {
  label: "seconds since the first stats line",
  labelAnchor: "center",
  labelArrow: "none",
} as const;

/** Stacked running + waiting requests over time, with the client concurrency as a rule. */
export function requestsPlot(timeline: Row[], clientConcurrency: number | null): string | null {
  if (!timeline.length) return null;
  const samples = segments(timeline).flatMap((r) =>
    (["running", "waiting"] as const).map((state) => ({
      t: r.t_s as number,
      state,
      requests: (r[state] as number | null) ?? 0,
      z: `${r.segment} ${state}`,
    }))
  );
  const top = Math.max(
    1,
    clientConcurrency ?? 0,
    ...timeline.map((r) => ((r.running as number) ?? 0) + ((r.waiting as number) ?? 0)),
  );
  const marks: Plot.Markish[] = [
    Plot.areaY(samples, {
      x: "t",
      y: "requests",
      fill: "state",
      z: "z",
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
    width: WIDTH,
    height: 220,
    x: X_AXIS,
    y: { label: "requests in the server", grid: true, labelArrow: "none", ticks: Math.min(6, top) },
    color: { domain: ["running", "waiting"], range: ["#4269d0", "#ff725c"], legend: true },
    marks,
  });
}

/** GPU KV cache use over time, with the 90% line the diagnosis calls saturated. */
export function kvCachePlot(timeline: Row[]): string | null {
  const points = segments(timeline.filter((r) => typeof r.gpu_kv_pct === "number"));
  if (!points.length) return null;
  return benchPlotHtml({
    width: WIDTH,
    height: 220,
    marginTop: 40,
    x: X_AXIS,
    y: { label: "GPU KV cache %", domain: [0, 100], grid: true, labelArrow: "none" },
    marks: [
      Plot.ruleY([90], { stroke: "#a40e26", strokeDasharray: "5,4" }),
      Plot.text([90], {
        y: (d: number) => d,
        text: () => "saturated (90%)",
        frameAnchor: "right",
        dy: -7,
        fill: "#a40e26",
        fontSize: 11,
      }),
      Plot.lineY(points, {
        x: "t_s",
        y: "gpu_kv_pct",
        z: "segment",
        stroke: "#2a9d8f",
        strokeWidth: 2,
        curve: "step-after",
      }),
      Plot.ruleY([0]),
    ],
  });
}
