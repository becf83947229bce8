/**
 * Small multiples for the benchmark figures: panels laid out in a grid of at
 * most four columns through Observable Plot's fx/fy facets, each titled
 * inside the figure (Plot has no wrapped facets of its own); a title longer
 * than its panel is cut with an ellipsis and kept whole as a tooltip.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";

/** One panel of a grid. */
export interface Panel {
  /** Identity of the panel (rows are matched to it by this key). */
  key: string;
  /** Text shown above the panel. */
  title: string;
  /** Grid column, 0-based. */
  col: number;
  /** Grid row, 0-based. */
  row: number;
}

/** A grid of panels and the Plot options that lay it out. */
export interface PanelGrid {
  panels: Panel[];
  /** Panel of a key. */
  at: (key: string) => Panel;
  /** Plot options: figure size and the fx/fy scales of the grid. */
  layout: Pick<Plot.PlotOptions, "width" | "height" | "fx" | "fy" | "marginTop">;
  /** The panel titles as a text mark. */
  titles: Plot.Markish;
}

/** A panel asked for: its key, title and sort key (compared part by part). */
export interface PanelSpec {
  key: string;
  title: string;
  order: (string | number)[];
}

function compareOrder(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? "", y = b[i] ?? "";
    const c = typeof x === "number" && typeof y === "number"
      ? x - y
      : String(x).localeCompare(String(y));
    if (c) return c;
  }
  return 0;
}

/**
 * The (model, ISL, OSL) sort key of a result row: the model by its name
 * without the organisation, case-insensitive; dataset-driven lengths first.
 */
export function lengthOrder(row: Record<string, unknown>, withModel = false): (string | number)[] {
  const len = (v: unknown) => (typeof v === "number" ? v : -1);
  const model = String(row.model ?? "").split("/").filter(Boolean).pop()?.toLowerCase() ?? "";
  return [...(withModel ? [model] : []), len(row.isl), len(row.osl)];
}

/**
 * Lay the distinct panels of `specs` (repeats of a key are dropped), sorted
 * by their order, out in rows of at most `columns`.
 */
export function panelGrid(
  specs: PanelSpec[],
  opts: { columns?: number; panelHeight?: number; width?: number } = {},
): PanelGrid {
  const unique = [...new Map(specs.map((p) => [p.key, p])).values()]
    .sort((a, b) => compareOrder(a.order, b.order));
  const columns = Math.max(1, Math.min(opts.columns ?? 4, unique.length));
  const placed = unique.map((p, i) => ({
    key: p.key,
    title: p.title,
    col: i % columns,
    row: Math.floor(i / columns),
  }));
  const rows = Math.ceil(placed.length / columns);
  const byKey = new Map(placed.map((p) => [p.key, p]));
  const width = opts.width ?? [760, 900, 1000][columns - 1] ?? 1100;
  const panelEms = (width - 60) / columns * 0.86 / 11;
  return {
    panels: placed,
    at: (key) => {
      const p = byKey.get(key);
      if (!p) throw new Error(`no panel '${key}'`);
      return p;
    },
    layout: {
      width,
      height: 70 + rows * (opts.panelHeight ?? 210),
      marginTop: 30,
      fx: { axis: null, domain: [...Array(columns).keys()], padding: 0.14 },
      fy: { axis: null, domain: [...Array(rows).keys()], padding: 0.22 },
    },
    titles: Plot.text(placed, {
      fx: "col",
      fy: "row",
      text: "title",
      frameAnchor: "top-left",
      dy: -12,
      fontWeight: "bold",
      fontSize: 11,
      lineWidth: panelEms,
      textOverflow: "ellipsis-end",
      title: "title",
    }),
  };
}
