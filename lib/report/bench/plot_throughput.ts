/**
 * Figure: generated tokens/s against client concurrency, one line per
 * serving configuration, one panel per (ISL, OSL). Only unthrottled points
 * are drawn: a rate-limited point measures the offered load.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Row } from "../../db/engine.ts";
import { benchPlotHtml } from "./plot_html.ts";
import { concurrencyAxis, magnitudeAxis } from "./axes.ts";
import { lengthOrder, panelGrid } from "./facets.ts";
import { lengths } from "./format.ts";
import { seriesColors, type SeriesNamer } from "./series.ts";

interface Point {
  panel: string;
  order: (string | number)[];
  series: string;
  concurrency: number;
  tput: number;
}

/** The figure, or null when no unthrottled point has a concurrency. */
export function throughputPlot(rows: Row[], name: SeriesNamer): string | null {
  const points: Point[] = rows
    .filter((r) =>
      typeof r.concurrency === "number" && typeof r.output_throughput === "number" &&
      (r.request_rate === null || r.request_rate === Infinity)
    )
    .map((r) => ({
      panel: lengths(r.isl, r.osl),
      order: lengthOrder(r),
      series: name(r),
      concurrency: r.concurrency as number,
      tput: r.output_throughput as number,
    }));
  if (!points.length) return null;
  const grid = panelGrid(points.map((p) => ({ key: p.panel, title: p.panel, order: p.order })));
  const fx = (d: Point) => grid.at(d.panel).col;
  const fy = (d: Point) => grid.at(d.panel).row;
  return benchPlotHtml({
    caption: "Generated tokens/s per configuration; unthrottled points only.",
    ...grid.layout,
    x: concurrencyAxis(points.map((p) => p.concurrency)),
    y: magnitudeAxis(points.map((p) => p.tput), "output tok/s"),
    color: seriesColors(name, points.map((p) => p.series)),
    marks: [
      Plot.frame({ stroke: "#d0d7de" }),
      grid.titles,
      Plot.line(points, {
        x: "concurrency",
        y: "tput",
        stroke: "series",
        z: "series",
        fx,
        fy,
        sort: "concurrency",
      }),
      Plot.dot(points, {
        x: "concurrency",
        y: "tput",
        fill: "series",
        r: 3,
        fx,
        fy,
        title: (d: Point) =>
          `${d.series}\n${d.panel}, concurrency ${d.concurrency}: ${Math.round(d.tput)} tok/s`,
      }),
    ],
  });
}
