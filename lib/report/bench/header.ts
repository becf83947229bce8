/**
 * Benchmark report section: what was loaded — one row per side (label,
 * files, results, server logs, models, hardware) and the --meta given.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Row } from "../../db/engine.ts";
import { code, type Inline, list, para, table } from "../doc.ts";
import type { BenchReportData } from "./data.ts";
import { count } from "./format.ts";

function distinct(rows: Row[], key: string): string {
  const values = [...new Set(rows.map((r) => r[key]).filter((v) => v !== null && v !== undefined))];
  return values.length ? values.map(String).sort().join(", ") : "not given";
}

/** The inputs table. */
export function inputsSection(d: BenchReportData): RootContent[] {
  const rows = d.summary.tables.flatMap((t) => t.rows);
  const ab = d.sides.length === 2;
  const out: RootContent[] = [
    table(
      [
        { title: "", align: "left" },
        { title: "label", align: "left" },
        { title: "files", align: "right" },
        { title: "results", align: "right" },
        { title: "server logs", align: "right" },
        { title: "model", align: "left" },
        { title: "hardware", align: "left" },
      ],
      d.sides.map((s) => {
        const mine = ab ? rows.filter((r) => r.label === s.label) : rows;
        return [
          s.role,
          ab ? s.label : d.summary.labels.join(", ") || s.label,
          count(s.files.filter((f) => f.kind !== "skipped").length),
          count(s.results),
          count(s.logs),
          distinct(mine, "model"),
          distinct(mine, "hardware_key"),
        ];
      }),
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
