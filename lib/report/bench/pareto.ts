/**
 * Benchmark report section: throughput per GPU against interactivity with
 * the Pareto front (bench_pareto), and the front's points as a table.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Row } from "../../db/engine.ts";
import { figure, heading, para, table } from "../doc.ts";
import { tps } from "./format.ts";
import { paretoPanel, paretoPlot } from "./plot_pareto.ts";
import type { SeriesNamer } from "./series.ts";

/** The Pareto section (empty when no result has both axes). */
export function paretoSection(rows: Row[], name: SeriesNamer): RootContent[] {
  if (!rows.length) return [];
  const out: RootContent[] = [
    heading(2, "Throughput per GPU vs interactivity"),
    para(
      "The InferenceX view: each configuration trades tokens/s per GPU for tokens/s per user as concurrency grows. ",
      "A point is on the Pareto front when no other point of the same model, ISL and OSL has more of both; ",
      "rate-limited points and points with failed requests never join it.",
    ),
  ];
  const svg = paretoPlot(rows, name);
  if (svg) out.push(figure(svg));
  const withModel = new Set(rows.map((r) => r.model)).size > 1;
  const order = (r: Row) => [String(r.model), Number(r.isl ?? -1), Number(r.osl ?? -1)] as const;
  const front = rows.filter((r) => r.on_front === true).sort((a, b) => {
    const [ma, ia, oa] = order(a), [mb, ib, ob] = order(b);
    return ma.localeCompare(mb) || ia - ib || oa - ob ||
      (a.tok_s_per_user as number) - (b.tok_s_per_user as number);
  });
  if (front.length) {
    out.push(
      heading(3, "Pareto front"),
      table(
        [
          { title: "panel", align: "left" },
          { title: "configuration", align: "left" },
          { title: "conc", align: "right" },
          { title: "tok/s/GPU", align: "right" },
          { title: "tok/s/user", align: "right" },
        ],
        front.map((r) => [
          paretoPanel(r, withModel),
          name(r),
          r.concurrency === null ? "–" : String(r.concurrency),
          tps(r.per_gpu_tput),
          tps(r.tok_s_per_user),
        ]),
      ),
    );
  }
  return out;
}
