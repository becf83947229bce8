/**
 * Figure: the decode roofline. Achieved generated tokens/s against client
 * concurrency (solid) beside the HBM-bandwidth bound of the same
 * configuration (dashed: the batch decoding at the bandwidth-bound step
 * time), one panel per (ISL, OSL).
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
  kind: string;
  tput: number;
}

/** The figure over bench_decode_roofline rows with a bound, or null when none has one. */
export function rooflinePlot(rows: Row[], name: SeriesNamer): string | null {
  const usable = rows.filter((r) =>
    typeof r.concurrency === "number" && typeof r.output_tput_bound === "number" &&
    typeof r.output_tput === "number"
  );
  if (!usable.length) return null;
  const points: Point[] = usable.flatMap((r) => {
    const base = {
      panel: lengths(r.isl, r.osl),
      order: lengthOrder(r),
      series: name(r),
      concurrency: r.concurrency as number,
    };
    return [
      { ...base, kind: "achieved", tput: r.output_tput as number },
      { ...base, kind: "bandwidth bound", tput: r.output_tput_bound as number },
    ];
  });
  const grid = panelGrid(points.map((p) => ({ key: p.panel, title: p.panel, order: p.order })));
  const fx = (d: Point) => grid.at(d.panel).col;
  const fy = (d: Point) => grid.at(d.panel).row;
  const achieved = points.filter((p) => p.kind === "achieved");
  const bound = points.filter((p) => p.kind !== "achieved");
  const tip = (d: Point) =>
    `${d.series}\n${d.panel}, concurrency ${d.concurrency}: ${d.kind} ${Math.round(d.tput)} tok/s`;
  return benchPlotHtml({
    caption:
      "Solid: achieved generated tok/s. Dashed: the same batch decoding at the HBM-bandwidth-bound step time (weights / TP + KV of the batch, read once per step).",
    ...grid.layout,
    x: concurrencyAxis(points.map((p) => p.concurrency)),
    y: magnitudeAxis(points.map((p) => p.tput), "output tok/s"),
    color: seriesColors(name, points.map((p) => p.series)),
    marks: [
      Plot.frame({ stroke: "#d0d7de" }),
      grid.titles,
      Plot.line(bound, {
        x: "concurrency",
        y: "tput",
        stroke: "series",
        z: "series",
        strokeDasharray: "5,4",
        fx,
        fy,
        sort: "concurrency",
      }),
      Plot.line(achieved, {
        x: "concurrency",
        y: "tput",
        stroke: "series",
        z: "series",
        fx,
        fy,
        sort: "concurrency",
      }),
      Plot.dot(achieved, { x: "concurrency", y: "tput", fill: "series", r: 3, fx, fy, title: tip }),
      Plot.dot(bound, {
        x: "concurrency",
        y: "tput",
        stroke: "series",
        r: 2.5,
        fx,
        fy,
        title: tip,
      }),
    ],
  });
}
