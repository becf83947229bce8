/**
 * Benchmark report section: the A/B verdict and ratio table — one row per
 * matrix point both builds measured, candidate/baseline for throughput and
 * baseline/candidate for latency (> 1: the candidate is better), each ratio
 * past its threshold in bold with ▲.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Row } from "../../db/engine.ts";
import type { BenchComparison } from "../../bench/summary.ts";
import { figure, heading, type Inline, para, strong, table } from "../doc.ts";
import { rate, ratio, tps } from "./format.ts";
import { ratioPlot } from "./plot_ratios.ts";
import {
  improvedPoint,
  LATENCY_RISE_PCT,
  RATIOS,
  regressedRatios,
  THROUGHPUT_DROP_PCT,
} from "./thresholds.ts";

function flagged(row: Row, key: string, flag: string): Inline {
  const text = ratio(row[key]);
  return row[flag] === true ? strong(`${text} ▲`) : text;
}

/** The A/B section. */
export function abSection(c: BenchComparison): RootContent[] {
  const out: RootContent[] = [heading(2, `A/B: ${c.baseline} → ${c.candidate}`)];
  if (!c.rows.length) {
    return [
      ...out,
      para(
        strong("Nothing compared: "),
        "the two sides share no (ISL, OSL, concurrency, request rate) point (see Warnings).",
      ),
    ];
  }
  const regressed = c.rows.filter((r) => regressedRatios(r).length > 0).length;
  const withRate = c.rows.some((r) => r.request_rate !== Infinity && r.request_rate !== null);
  out.push(
    para(
      `Candidate ${c.candidate} against baseline ${c.baseline} at the ${c.rows.length} (ISL, OSL, concurrency, request rate) point(s) both measured. `,
      "Ratios above 1 mean the candidate is better: candidate / baseline for throughput, baseline / candidate for latency. ",
      `A ratio in bold with ▲ is a regression: throughput more than ${THROUGHPUT_DROP_PCT}% lower, or latency more than ${LATENCY_RISE_PCT}% higher.`,
    ),
    para(
      regressed
        ? strong(`${regressed} of ${c.rows.length} point(s) regress`)
        : `No point regresses`,
      `; ${
        c.rows.filter(improvedPoint).length
      } point(s) improve without regressing (throughput up more than ${THROUGHPUT_DROP_PCT}% or a median latency down more than ${LATENCY_RISE_PCT}%).`,
    ),
    table(
      [
        { title: "ISL", align: "right" },
        { title: "OSL", align: "right" },
        { title: "conc", align: "right" },
        ...(withRate ? [{ title: "req/s", align: "right" as const }] : []),
        { title: "base out tok/s", align: "right" },
        { title: "cand out tok/s", align: "right" },
        ...RATIOS.map((m) => ({ title: `${m.title} ×`, align: "right" as const })),
      ],
      c.rows.map((r) => [
        r.isl === null ? "–" : String(r.isl),
        r.osl === null ? "–" : String(r.osl),
        r.concurrency === null ? "–" : String(r.concurrency),
        ...(withRate ? [rate(r.request_rate)] : []),
        tps(r.baseline_output_tput),
        tps(r.candidate_output_tput),
        ...RATIOS.map((m) => flagged(r, m.ratio, m.flag)),
      ]),
    ),
  );
  const svg = ratioPlot(c.rows);
  if (svg) out.push(figure(svg));
  return out;
}
