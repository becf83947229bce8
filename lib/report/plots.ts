/**
 * Figures: Observable Plot drawn on a linkedom document and kept as the
 * figure's outer HTML (inline SVG with its title and legend). Text in the
 * SVG is set through the DOM, so names from traces are escaped.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** A fresh DOM document for Plot. */
function plotDocument(): Document {
  return parseHTML("<!doctype html><html><head></head><body></body></html>").document as unknown as Document;
}

/** Render Plot options to an HTML string (`<figure>` or `<svg>`). */
export function plotHtml(options: Plot.PlotOptions): string {
  const el = Plot.plot({ ...options, document: plotDocument() }) as unknown as Element;
  return el.outerHTML;
}

/** A category colour scale shared by every figure, so GEMM is the same colour everywhere. */
export const CATEGORY_COLORS = {
  domain: ["GEMM", "Attention", "MoE", "AllReduce", "Quantization", "Other", "idle"],
  range: ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#a463f2", "#9498a0", "#e4e6ea"],
};

/** Stacked horizontal bars: one bar per run label, segments by category (µs per step). */
export function categoryBars(rows: { run: string; category: string; us: number }[], title: string): string {
  return plotHtml({
    title,
    width: 900,
    height: 60 + 40 * new Set(rows.map((r) => r.run)).size,
    marginLeft: 160,
    x: { label: "µs per decode step", grid: true },
    y: { label: null },
    color: { ...CATEGORY_COLORS, legend: true },
    marks: [
      Plot.barX(rows, { x: "us", y: "run", fill: "category", title: (d: { category: string; us: number }) => `${d.category}: ${d.us.toFixed(1)} µs`, sort: { color: null } }),
      Plot.ruleX([0]),
    ],
  });
}

/** Per-step stacked bars of busy and idle time. */
export function stepTimeline(rows: { step: number; kind: string; busy_us: number; idle_us: number; used: boolean }[], title: string): string {
  const data = rows.flatMap((r) => [
    { step: r.step, part: "busy", us: r.busy_us, kind: r.kind, used: r.used },
    { step: r.step, part: "idle", us: r.idle_us, kind: r.kind, used: r.used },
  ]);
  return plotHtml({
    title,
    width: 900,
    height: 260,
    x: { label: "step", type: "band", tickFormat: (d: number) => (rows.length > 40 && d % 10 !== 0 ? "" : String(d)) },
    y: { label: "µs", grid: true },
    color: { domain: ["busy", "idle"], range: ["#4269d0", "#e0a3a3"], legend: true },
    marks: [
      Plot.barY(data, { x: "step", y: "us", fill: "part", fillOpacity: (d: { used: boolean }) => (d.used ? 1 : 0.35), title: (d: { step: number; part: string; us: number; kind: string }) => `step ${d.step} (${d.kind}) ${d.part}: ${d.us.toFixed(1)} µs` }),
      Plot.ruleY([0]),
    ],
  });
}

/** Horizontal bars of µs per step for named items (backends, kernels), grouped by run. */
export function groupedBars(rows: { item: string; run: string; us: number }[], title: string): string {
  const items = new Set(rows.map((r) => r.item)).size;
  return plotHtml({
    title,
    width: 900,
    height: 50 + 22 * items * Math.max(1, new Set(rows.map((r) => r.run)).size),
    marginLeft: 260,
    x: { label: "µs per decode step", grid: true },
    y: { label: null },
    fy: { label: null },
    color: { legend: true },
    marks: [
      Plot.barX(rows, { x: "us", y: "run", fy: "item", fill: "run", title: (d: { item: string; run: string; us: number }) => `${d.item} — ${d.run}: ${d.us.toFixed(1)} µs` }),
      Plot.ruleX([0]),
    ],
  });
}
