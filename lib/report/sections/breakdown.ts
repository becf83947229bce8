/**
 * Report section: where decode time goes, by category, with a stacked bar.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { figure, heading, num, para, pct, plural, table, us } from "../doc.ts";
import { categoryBars } from "../plots.ts";

/**
 * Decode breakdown by category; nothing without a used decode step (the
 * header's warning says so and the whole-capture section takes over).
 * `withFigure: false` leaves the bar out.
 */
export function breakdownSection(s: DecodeSummary, depth = 2, withFigure = true): RootContent[] {
  const d = s.decode;
  if (!d.steps) return [];
  const out: RootContent[] = [heading(depth, "Decode breakdown")];
  out.push(
    para(
      `Median decode step ${us(d.step_us.median)} µs (p90 ${us(d.step_us.p90)} µs); `,
      `GPU busy ${us(d.busy_us.median)} µs per step; `,
      `idle ${pct(d.idle_pct)} of the step; ${num(d.launch_gaps_per_step)} launch gaps per step. `,
      `Shares are of summed kernel time in the ${plural(d.steps, "used decode step")}.`,
    ),
    table(
      [
        { title: "category", align: "left" },
        { title: "share", align: "right" },
        { title: "µs / step", align: "right" },
        { title: "calls / step", align: "right" },
      ],
      d.categories.map((c) => [c.category, pct(c.pct), us(c.us_per_step), num(c.calls_per_step)]),
    ),
  );
  if (withFigure && d.categories.length > 1) {
    out.push(figure(categoryBars(
      d.categories.map((c) => ({ run: s.run.label, category: c.category, us: c.us_per_step })),
      "Kernel time per decode step by category (µs).",
    )));
  }
  return out;
}
