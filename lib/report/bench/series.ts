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

/** Names configurations of rows of bench_matrix, bench_pareto and bench_decode_roofline. */
export type SeriesNamer = (row: Row) => string;

/**
 * A namer for `rows`: joins the parts that differ between them with ` · `
 * (a part already spelled out by an earlier one, like `tep8` in the label
 * `run_tep8`, is left out); the label alone when none differs. The model is shortened to its last path
 * part (the full id stays in the tables).
 */
export function seriesNamer(rows: Row[]): SeriesNamer {
  const varying = PARTS.filter((p) => new Set(rows.map((r) => part(r, p))).size > 1);
  const used: Part[] = varying.length ? varying : ["label"];
  return (row) => {
    const parts = used.map((p) => part(row, p)).filter(Boolean);
    return parts.filter((p, i) => !parts.slice(0, i).some((q) => q.includes(p))).join(" · ") ||
      "(unnamed)";
  };
}
