/**
 * Benchmark report section: what was loaded — one column per side (label,
 * files, results, server logs, models, hardware) and the --meta given.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Row } from "../../db/engine.ts";
import { code, type Inline, list, para, table } from "../doc.ts";
import type { BenchReportData } from "./data.ts";
import type { BenchSide } from "./inputs.ts";
import { count } from "./format.ts";

function distinct(rows: Row[], key: string): string {
  const values = [...new Set(rows.map((r) => r[key]).filter((v) => v !== null && v !== undefined))];
  return values.length ? values.map(String).sort().join(", ") : "not given";
}

/** The inputs table: one column per side. */
export function inputsSection(d: BenchReportData): RootContent[] {
  const rows = d.summary.tables.flatMap((t) => t.rows);
  const ab = d.sides.length === 2;
  const sideRows = (label: string) => (ab ? rows.filter((r) => r.label === label) : rows);
  const facts: [string, (s: BenchSide) => string][] = [
    [ab ? "label" : "labels", (s) => (ab ? s.label : d.summary.labels.join(", ") || s.label)],
    ["files read", (s) => count(s.files.filter((f) => f.kind !== "skipped").length)],
    ["results", (s) => count(s.results)],
    ["server logs", (s) => count(s.logs)],
    ["models", (s) => distinct(sideRows(s.label), "model")],
    ["hardware", (s) => distinct(sideRows(s.label), "hardware_key")],
  ];
  const out: RootContent[] = [
    table(
      [
        { title: "", align: "left" },
        ...d.sides.map((s) => ({ title: s.role, align: "left" as const })),
      ],
      facts.map(([fact, get]) => [fact, ...d.sides.map(get)]),
    ),
  ];
  const meta = Object.entries(d.meta);
  if (meta.length) {
    out.push(
      para(
        "Metadata given for every input: ",
        ...meta.flatMap(([k, v], i): Inline[] => [...(i ? [", "] : []), code(`${k}=${v}`)]),
        ".",
      ),
    );
  }
  const skipped = d.sides.flatMap((s) => s.files.filter((f) => f.kind === "skipped"));
  if (skipped.length) {
    out.push(
      list([[
        `${skipped.length} file(s) in the folders are neither results nor server logs and were skipped (listed under Provenance).`,
      ]]),
    );
  }
  return out;
}
