/**
 * Benchmark report section: warnings about misleading numbers — comparison
 * warnings of the A/B (bench_ab_warnings: different hardware, model or GPU
 * count, unmatched points, rate-limited or failed points, no --ignore-eos,
 * different output lengths) and per-result warnings (bench_result_warnings),
 * grouped by label and kind.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Row } from "../../db/engine.ts";
import { heading, type Inline, list, para, strong } from "../doc.ts";
import type { BenchReportData } from "./data.ts";

/** One warning line of the report (and of its JSON). */
export interface BenchWarning {
  /** `comparison` (about the A/B) or `result` (about results of one label). */
  scope: "comparison" | "result";
  severity: string;
  code: string;
  /** The label concerned (null for a comparison warning). */
  label: string | null;
  /** Matrix points (comparison) or results (result) concerned; null when label-wide. */
  count: number | null;
  message: string;
}

/** The warnings of a report: comparison ones first, then per-result ones grouped. */
export function benchWarnings(d: BenchReportData): BenchWarning[] {
  const out: BenchWarning[] = (d.summary.comparison?.warnings ?? []).map((w) => ({
    scope: "comparison",
    severity: String(w.severity),
    code: String(w.code),
    label: null,
    count: w.points === null ? null : Number(w.points),
    message: String(w.message),
  }));
  const groups = new Map<string, Row[]>();
  for (const w of d.summary.warnings) {
    const key = JSON.stringify([w.severity === "warn" ? 0 : 1, w.label, w.code]);
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  for (const key of [...groups.keys()].sort()) {
    const rows = groups.get(key)!;
    const messages = [...new Set(rows.map((r) => String(r.message)))];
    out.push({
      scope: "result",
      severity: String(rows[0].severity),
      code: String(rows[0].code),
      label: String(rows[0].label),
      count: rows.length,
      message: messages.length === 1
        ? messages[0]
        : `${messages[0]} (first of ${messages.length} variants)`,
    });
  }
  const rows = d.summary.tables.flatMap((t) => t.rows);
  if (rows.length && rows.every((r) => r.hardware_key === null)) {
    out.push({
      scope: d.summary.comparison ? "comparison" : "result",
      severity: "info",
      code: "hardware_not_given",
      label: null,
      count: null,
      message:
        "no result names its hardware: same-hardware comparisons and the roofline cannot be checked (pass --meta hardware=GPU)",
    });
  }
  return out;
}

/** The warnings section. */
export function warningsSection(warnings: BenchWarning[]): RootContent[] {
  if (!warnings.length) {
    return [
      heading(2, "Warnings"),
      para(
        "None: no failed requests, rate limits, missing --ignore-eos or mismatched comparisons were found.",
      ),
    ];
  }
  const line = (w: BenchWarning): Inline[] => [
    strong(`[${w.severity.toUpperCase()}] ${w.code}`),
    w.label === null ? "" : ` (${w.label}${w.count === null ? "" : `, ${w.count} result(s)`})`,
    `: ${w.message}`,
  ];
  return [heading(2, "Warnings"), list(warnings.map(line))];
}
