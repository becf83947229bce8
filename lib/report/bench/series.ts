/**
 * Naming the serving configurations a report shows, the same way in every
 * table and figure: build label, model, hardware and parallelism, each part
 * only when it tells the rows apart.
 *
 * @module
 */
import type { Row } from "../../db/engine.ts";

const PARTS = ["label", "model", "hardware", "parallelism"] as const;
type Part = typeof PARTS[number];

function part(row: Row, p: Part): string {
  if (p === "label") return String(row.label ?? "");
  if (p === "model") return String(row.model ?? "").split("/").filter(Boolean).pop() ?? "";
  if (p === "hardware") return String(row.hardware_key ?? "");
  if (row.parallelism !== null && row.parallelism !== undefined) return String(row.parallelism);
  return row.tp === null || row.tp === undefined ? "" : `tp${row.tp}`;
}

/**
 * Names configurations of rows of bench_matrix, bench_pareto and
 * bench_decode_roofline; `names` lists every name of the rows it was made
 * from, sorted, which fixes each configuration's colour in every figure.
 */
export type SeriesNamer = ((row: Row) => string) & { names: string[] };

/**
 * A namer for `rows`: joins the parts that differ between them with ` · `
 * (a part already spelled out by an earlier one, like `tep8` in the label
 * `run_tep8`, is left out); the label alone when none differs. The model is shortened to its last path
 * part (the full id stays in the tables).
 */
export function seriesNamer(rows: Row[]): SeriesNamer {
  const varying = PARTS.filter((p) => new Set(rows.map((r) => part(r, p))).size > 1);
  const used: Part[] = varying.length ? varying : ["label"];
  const name = (row: Row) => {
    const parts = used.map((p) => part(row, p)).filter(Boolean);
    return parts.filter((p, i) => !parts.slice(0, i).some((q) => q.includes(p))).join(" · ") ||
      "(unnamed)";
  };
  return Object.assign(name, { names: [...new Set(rows.map(name))].sort() });
}

/**
 * Colours of the configurations: Observable's ten, then ten darker or
 * lighter ones, so up to twenty configurations in one figure stay apart.
 */
export const SERIES_COLORS: string[] = [
  "#4269d0",
  "#efb118",
  "#ff725c",
  "#6cc5b0",
  "#3ca951",
  "#ff8ab7",
  "#a463f2",
  "#97bbf5",
  "#9c6b4e",
  "#9498a0",
  "#1d3a8a",
  "#a6761d",
  "#b2182b",
  "#1b7c6e",
  "#7a9a01",
  "#c51b7d",
  "#542788",
  "#35978f",
  "#e08214",
  "#4d4d4d",
];

/**
 * The colour scale of a figure showing the configurations `present`: each
 * keeps the colour of its place among all the namer's names.
 */
export function seriesColors(
  namer: SeriesNamer,
  present: string[],
): { legend: true; label: string; domain: string[]; range: string[] } {
  const shown = new Set(present);
  const domain = namer.names.filter((n) => shown.has(n));
  const extra = [...shown].filter((n) => !namer.names.includes(n)).sort();
  const index = (n: string) => {
    const i = namer.names.indexOf(n);
    return i >= 0 ? i : namer.names.length + extra.indexOf(n);
  };
  return {
    legend: true,
    label: "configuration",
    domain: [...domain, ...extra],
    range: [...domain, ...extra].map((n) => SERIES_COLORS[index(n) % SERIES_COLORS.length]),
  };
}
