/**
 * Figure: total tokens/s per GPU against interactivity (tokens/s per user),
 * one panel per (model, ISL, OSL), with the Pareto front across every
 * configuration drawn as a dark line through the points no other point beats
 * on both axes (bench_pareto.on_front).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Row } from "../../db/engine.ts";
import { benchPlotHtml } from "./plot_html.ts";
import { magnitudeAxis } from "./axes.ts";
import { lengthOrder, panelGrid } from "./facets.ts";
import { lengths } from "./format.ts";
import { seriesColors, type SeriesNamer } from "./series.ts";

interface Point {
  panel: string;
  order: (string | number)[];
  series: string;
  user: number;
  gpu: number;
  front: boolean;
  concurrency: unknown;
}

/** The panel of a bench_pareto row: its lengths, with the model when several are shown. */
export function paretoPanel(row: Row, withModel: boolean): string {
  const model = String(row.model ?? "?").split("/").filter(Boolean).pop() ?? "?";
  return withModel ? `${model} · ${lengths(row.isl, row.osl)}` : lengths(row.isl, row.osl);
}

/** The figure over bench_pareto rows, or null when no panel holds two points. */
export function paretoPlot(rows: Row[], name: SeriesNamer): string | null {
  const withModel = new Set(rows.map((r) => r.model)).size > 1;
  const all: Point[] = rows.map((r) => ({
    panel: paretoPanel(r, withModel),
    order: lengthOrder(r, withModel),
    series: name(r),
    user: r.tok_s_per_user as number,
    gpu: r.per_gpu_tput as number,
    front: r.on_front === true,
    concurrency: r.concurrency,
  }));
  const sizes = new Map<string, number>();
  for (const p of all) sizes.set(p.panel, (sizes.get(p.panel) ?? 0) + 1);
  const points = all.filter((p) => sizes.get(p.panel)! > 1);
  if (!points.length) return null;
  const grid = panelGrid(points.map((p) => ({ key: p.panel, title: p.panel, order: p.order })));
  const fx = (d: Point) => grid.at(d.panel).col;
  const fy = (d: Point) => grid.at(d.panel).row;
  const front = points.filter((p) => p.front).sort((a, b) => a.user - b.user);
  return benchPlotHtml({
    caption:
      "Each dot is one result; the dark line joins the Pareto front (capacity points only: no other point has more tok/s/GPU and more tok/s/user).",
    ...grid.layout,
    x: {
      label: "interactivity, tok/s/user",
      grid: true,
      nice: true,
      labelArrow: "none",
      labelAnchor: "center",
    },
    y: magnitudeAxis(points.map((p) => p.gpu), "tok/s/GPU"),
    color: seriesColors(name, points.map((p) => p.series)),
    marks: [
      Plot.frame({ stroke: "#d0d7de" }),
      grid.titles,
      Plot.line(front, { x: "user", y: "gpu", fx, fy, stroke: "#1b1f24", strokeWidth: 1.5 }),
      Plot.dot(front, { x: "user", y: "gpu", fx, fy, r: 6, stroke: "#1b1f24" }),
      Plot.dot(points, {
        x: "user",
        y: "gpu",
        fill: "series",
        r: 3.5,
        fx,
        fy,
        title: (d: Point) =>
          `${d.series}\n${d.panel}, concurrency ${d.concurrency ?? "?"}\n${
            d.gpu.toFixed(0)
          } tok/s/GPU at ${d.user.toFixed(1)} tok/s/user${d.front ? " (front)" : ""}`,
      }),
    ],
  });
}
