/**
 * Printing rows the DuckDB CLI way: an aligned text table by default,
 * `--json` (an array of objects) or `--csv` (RFC 4180).
 *
 * @module
 */
import type { Plain, Row } from "../db/engine.ts";

/** Output modes for tabular results. */
export type OutputMode = "table" | "json" | "csv";

/** The mode chosen by `--json` / `--csv`. */
export function outputMode(flags: { json?: boolean; csv?: boolean }): OutputMode {
  return flags.json ? "json" : flags.csv ? "csv" : "table";
}

function cell(v: Plain): string {
  if (v === null) return "";
  if (typeof v === "object") {
    return JSON.stringify(v, (_k, x) => typeof x === "bigint" ? x.toString() : x);
  }
  if (typeof v === "number" && !Number.isInteger(v)) return String(Math.round(v * 1000) / 1000);
  return String(v);
}

function csvCell(v: Plain): string {
  const s = v === null ? "" : typeof v === "object" ? cell(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Render rows in the given mode (columns from `columns` or the first row). */
export function formatRows(rows: Row[], mode: OutputMode, columns?: string[]): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  if (mode === "json") {
    return JSON.stringify(rows, (_k, x) => typeof x === "bigint" ? x.toString() : x, 2);
  }
  if (mode === "csv") {
    return [
      cols.map(csvCell).join(","),
      ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(",")),
    ].join("\n");
  }
  const text = rows.map((r) => cols.map((c) => cell(r[c]).replace(/[\r\n\t]/g, " ")));
  const widths = cols.map((c, i) =>
    Math.min(60, Math.max(c.length, ...text.map((t) => t[i].length)))
  );
  const clip = (s: string, w: number) => s.length > w ? s.slice(0, w - 1) + "…" : s;
  const numeric = cols.map((c) =>
    rows.every((r) => r[c] === null || typeof r[c] === "number" || typeof r[c] === "bigint")
  );
  const line = (vals: string[]) =>
    vals.map((v, i) =>
      numeric[i] ? clip(v, widths[i]).padStart(widths[i]) : clip(v, widths[i]).padEnd(widths[i])
    ).join("  ").trimEnd();
  return [
    line(cols),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...text.map(line),
    `(${rows.length} rows)`,
  ].join("\n");
}
