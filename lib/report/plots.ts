/**
 * Figures: Observable Plot drawn on a linkedom document and kept as the
 * figure's outer HTML (inline SVG with its legend and caption). Text in the
 * SVG is set through the DOM, so names from traces are escaped.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { clip, oneLine } from "./doc.ts";

/** Width of every figure in CSS pixels (the page is 1180 px wide). */
const WIDTH = 900;
/** Font of every figure: larger than Plot's 10 px default, for mail and print. */
const STYLE = {
  fontSize: "12px",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  overflow: "visible",
};

/** Rough width of a bold 12 px character, for deciding whether a label fits its bar. */
const LABEL_CHAR_PX = 7.5;

/** A fresh DOM document for Plot. */
function plotDocument(): Document {
  return parseHTML("<!doctype html><html><head></head><body></body></html>")
    .document as unknown as Document;
}

/** Render Plot options to an HTML string (`<figure>` or `<svg>`). */
export function plotHtml(options: Plot.PlotOptions): string {
  const el = Plot.plot({
    style: STYLE,
    ...options,
    document: plotDocument(),
  }) as unknown as Element;
  return el.outerHTML;
}

/** Category colours shared by every figure, so GEMM is the same colour everywhere. */
export const CATEGORY_COLORS: Record<string, string> = {
  GEMM: "#4269d0",
  Attention: "#efb118",
  MoE: "#ff725c",
  AllReduce: "#6cc5b0",
  Quantization: "#a463f2",
  Other: "#9498a0",
};

/** The colour scale for the categories present in `rows`, in canonical order. */
function categoryScale(categories: Iterable<string>) {
  const present = new Set(categories);
  const known = Object.keys(CATEGORY_COLORS).filter((c) => present.has(c));
  const unknown = [...present].filter((c) => !(c in CATEGORY_COLORS)).sort();
  return {
    domain: [...known, ...unknown],
    range: [...known.map((c) => CATEGORY_COLORS[c]), ...unknown.map(() => "#c7c9cf")],
    legend: true,
  };
}

/** A bar segment in a {@link categoryBars} figure. */
export interface CategorySegment {
  /** The bar the segment belongs to (a run, or "baseline" / "candidate"). */
  run: string;
  category: string;
  /** µs per decode step. */
  us: number;
}

/**
 * Stacked horizontal bars: one bar per run, segments by category (µs per
 * step unless `xLabel` says otherwise), each wide segment labelled with its
 * category and share.
 */
export function categoryBars(
  rows: CategorySegment[],
  caption: string,
  xLabel = "µs per decode step",
): string {
  const scale = categoryScale(rows.map((r) => r.category));
  const order = new Map(scale.domain.map((c, i) => [c, i]));
  const runs = [...new Set(rows.map((r) => r.run))];
  const totals = new Map(
    runs.map((run) => [run, rows.filter((r) => r.run === run).reduce((a, r) => a + r.us, 0)]),
  );
  const single = runs.length === 1;
  const marginLeft = single ? 20 : 90;
  const marginRight = 30;
  const barWidth = WIDTH - marginLeft - marginRight;
  const longest = Math.max(...totals.values());
  const data = rows
    .filter((r) => r.us > 0)
    .sort((a, b) =>
      runs.indexOf(a.run) - runs.indexOf(b.run) || order.get(a.category)! - order.get(b.category)!
    )
    .map((r) => {
      const share = `${((100 * r.us) / (totals.get(r.run) || 1)).toFixed(0)}%`;
      const px = (barWidth * r.us) / (longest || 1);
      const label = [`${r.category} ${share}`, share].find((t) =>
        t.length * LABEL_CHAR_PX + 12 <= px
      ) ?? "";
      return { ...r, label };
    });
  return plotHtml({
    caption,
    width: WIDTH,
    height: 64 + 44 * runs.length,
    marginLeft,
    marginRight,
    marginBottom: 44,
    x: {
      label: `${xLabel} →`,
      labelAnchor: "center",
      labelArrow: "none",
      labelOffset: 38,
      grid: true,
    },
    y: { label: null, domain: runs, axis: single ? null : "left" },
    color: scale,
    marks: [
      Plot.barX(data, {
        x: "us",
        y: "run",
        fill: "category",
        title: (d: CategorySegment) => `${d.category}: ${d.us.toFixed(1)} ${xLabel}`,
      }),
      Plot.text(
        data,
        Plot.stackX({ x: "us", y: "run", text: "label", fill: "white", fontWeight: 600 }),
      ),
      Plot.ruleX([0]),
    ],
  });
}

/** One step in a {@link stepTimeline} figure. */
export interface StepBar {
  step: number;
  kind: string;
  busy_us: number;
  idle_us: number;
  /** Used for the breakdown (false: warm-up, prefill or mixed). */
  used: boolean;
}

/**
 * Per-step stacked bars of GPU busy (bottom) and idle time; steps not used
 * for the breakdown are faded. The y axis fits the used steps, so a long
 * prefill does not flatten the decode steps (its bar is cut at the top).
 * Milliseconds when steps are 10 ms or longer.
 */
export function stepTimeline(all: StepBar[], caption: string): string {
  // a band scale holds a few hundred bars: longer captures are drawn as the
  // mean of consecutive steps of the same kind and use
  const per = Math.ceil(all.length / MAX_STEP_BARS);
  const rows = per > 1 ? meanOfSteps(all, per) : all;
  if (per > 1) caption = `${caption} Each bar is the mean of up to ${per} consecutive steps.`;
  const span = (r: StepBar) => r.busy_us + r.idle_us;
  const used = rows.filter((r) => r.used);
  const top = Math.max(...(used.length ? used : rows).map(span));
  const cut = rows.some((r) => span(r) > top * 1.15);
  const ms = top >= 10_000;
  const scale = ms ? 1 / 1000 : 1;
  const data = rows.flatMap((r) => [
    { step: r.step, part: "busy", t: r.busy_us * scale, kind: r.kind, used: r.used },
    { step: r.step, part: "idle", t: r.idle_us * scale, kind: r.kind, used: r.used },
  ]);
  const every = Math.ceil(rows.length / 40);
  return plotHtml({
    caption: cut ? `${caption} Bars taller than the used steps are cut at the top.` : caption,
    width: WIDTH,
    height: 260,
    marginLeft: 56,
    marginBottom: 44,
    x: {
      label: "step",
      labelAnchor: "center",
      labelOffset: 38,
      type: "band",
      tickFormat: (d: number) => (every > 1 && d % (every * 5) !== 0 ? "" : String(d)),
    },
    y: {
      label: ms ? "ms" : "µs",
      grid: true,
      domain: [0, top * scale * (cut ? 1.15 : 1)],
      nice: !cut,
    },
    color: { domain: ["busy", "idle"], range: ["#4269d0", "#e0a3a3"], legend: true },
    marks: [
      Plot.barY(data, {
        x: "step",
        y: "t",
        fill: "part",
        clip: true,
        fillOpacity: (d: { used: boolean }) => (d.used ? 1 : 0.35),
        title: (d: { step: number; part: string; t: number; kind: string }) =>
          `step ${d.step} (${d.kind}) ${d.part}: ${d.t.toFixed(ms ? 2 : 1)} ${ms ? "ms" : "µs"}`,
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** Most bars a step timeline draws. */
const MAX_STEP_BARS = 300;

/** Steps averaged in groups of `per` (split where kind or use changes), numbered by their first step. */
function meanOfSteps(rows: StepBar[], per: number): StepBar[] {
  const out: StepBar[] = [];
  let group: StepBar[] = [];
  const flush = () => {
    if (!group.length) return;
    const n = group.length;
    out.push({
      ...group[0],
      busy_us: group.reduce((a, r) => a + r.busy_us, 0) / n,
      idle_us: group.reduce((a, r) => a + r.idle_us, 0) / n,
    });
    group = [];
  };
  for (const r of rows) {
    const g = group[0];
    if (g && (group.length >= per || g.kind !== r.kind || g.used !== r.used)) flush();
    group.push(r);
  }
  flush();
  return out;
}

/** One kernel family in a {@link familyChanges} figure. */
export interface FamilyChange {
  /** The family's display name (clipped here). */
  family: string;
  base_us: number;
  cand_us: number;
}

/**
 * Baseline vs candidate µs per step for kernel families: one row per
 * family (names on the left), a bar per run.
 */
export function familyChanges(rows: FamilyChange[], caption: string): string {
  const name = (f: FamilyChange, i: number) => `${i + 1}. ${clip(oneLine(f.family), 44)}`;
  const families = rows.map(name);
  const data = rows.flatMap((f, i) => [
    { family: families[i], run: "baseline", us: f.base_us },
    { family: families[i], run: "candidate", us: f.cand_us },
  ]);
  return plotHtml({
    caption,
    width: WIDTH,
    height: 70 + 34 * rows.length,
    marginLeft: 310,
    marginRight: 30,
    marginBottom: 44,
    x: {
      label: "µs per decode step →",
      labelAnchor: "center",
      labelArrow: "none",
      labelOffset: 38,
      grid: true,
    },
    y: { axis: null, domain: ["baseline", "candidate"] },
    fy: { label: null, domain: families, axis: "left", padding: 0.25 },
    color: { domain: ["baseline", "candidate"], range: ["#9aa7c7", "#4269d0"], legend: true },
    marks: [
      Plot.barX(data, {
        x: "us",
        y: "run",
        fy: "family",
        fill: "run",
        title: (d: { family: string; run: string; us: number }) =>
          `${d.family} — ${d.run}: ${d.us.toFixed(1)} µs per step`,
      }),
      Plot.ruleX([0]),
    ],
  });
}
