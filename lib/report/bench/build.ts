/**
 * Assembling the benchmark report document: inputs, the A/B verdict and
 * ratios, warnings, the figures (throughput vs concurrency, throughput per
 * GPU vs interactivity, decode roofline), serving health from server logs,
 * the result tables per (ISL, OSL) and provenance.
 *
 * @module
 */
import type { Root } from "mdast";
import { heading, para, root } from "../doc.ts";
import { abSection } from "./ab.ts";
import type { BenchReportData } from "./data.ts";
import { inputsSection } from "./header.ts";
import { healthSection } from "./health.ts";
import { matrixSection, throughputSection } from "./matrix.ts";
import { paretoSection } from "./pareto.ts";
import { benchProvenanceSection } from "./provenance.ts";
import { rooflineSection } from "./roofline.ts";
import { seriesNamer } from "./series.ts";
import { benchWarnings, warningsSection } from "./warnings.ts";

/** The report's title. */
export function benchTitle(d: BenchReportData): string {
  const c = d.summary.comparison;
  if (c) return `tracedeck serving A/B: ${c.baseline} → ${c.candidate}`;
  const labels = d.summary.labels.length ? d.summary.labels : d.sides.map((s) => s.label);
  return `tracedeck serving benchmark: ${labels.join(", ")}`;
}

/** The report document. */
export function benchReport(d: BenchReportData): Root {
  const s = d.summary;
  const name = seriesNamer(s.tables.flatMap((t) => t.rows));
  const results = d.sides.reduce((n, x) => n + x.results, 0);
  const logs = d.sides.reduce((n, x) => n + x.logs, 0);
  return root([
    heading(1, benchTitle(d)),
    para(
      `${results} benchmark result(s) and ${logs} server log(s) from ${
        d.sides.length === 2 ? "two sides" : "one set of inputs"
      }. `,
      "Throughputs are tokens/s, latencies ms; TTFT = time to first token, TPOT = time per output token after the first.",
    ),
    ...inputsSection(d),
    ...(s.comparison ? abSection(s.comparison) : []),
    ...warningsSection(benchWarnings(d)),
    ...throughputSection(s.tables, name),
    ...paretoSection(s.pareto, name),
    ...(s.roofline && d.weightBytes !== null
      ? rooflineSection(s.roofline, d.weightBytes, name)
      : []),
    ...healthSection(s.health, s.timeline, s.comparison !== null),
    ...matrixSection(s.tables, s.labels),
    ...benchProvenanceSection(d.provenance, d.sides),
  ]);
}
