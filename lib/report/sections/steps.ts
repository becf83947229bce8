/**
 * Report section: per-step busy vs idle timeline and the step table.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { clip, type Column, figure, heading, num, para, table, us } from "../doc.ts";
import { stepTimeline } from "../plots.ts";

/** Most steps listed in the table (every step is in the JSON). */
const MAX_ROWS = 60;
/** Fewest steps worth a timeline figure (the table says it all below that). */
const MIN_FIGURE_STEPS = 3;

/** Step timeline and table. */
export function stepsSection(s: DecodeSummary, depth = 2): RootContent[] {
  if (!s.steps.length) return [];
  const rows = s.steps.slice(0, MAX_ROWS);
  const out: RootContent[] = [heading(depth, "Steps: busy vs idle")];
  if (s.steps.length >= MIN_FIGURE_STEPS) {
    out.push(figure(stepTimeline(
      s.steps,
      "GPU busy (bottom) and idle time per step; faded steps are not used for the breakdown (warm-up, prefill or mixed).",
    )));
  }
  // Steps found from the repeating kernel sequence have no marker: no column then.
  const markers = s.steps.some((r) => r.marker);
  const columns: Column[] = [
    { title: "step", align: "right" },
    { title: "kind", align: "left" },
    { title: "used", align: "left" },
    ...(markers ? [{ title: "marker", align: "left" as const }] : []),
    { title: "span µs", align: "right" },
    { title: "busy µs", align: "right" },
    { title: "idle µs", align: "right" },
    { title: "kernels", align: "right" },
    { title: "launch gaps", align: "right" },
  ];
  out.push(table(
    columns,
    rows.map((r) => [
      r.step,
      r.kind,
      r.used ? "yes" : r.skipped ? "warm-up" : "no",
      ...(markers ? [r.marker ? clip(r.marker, 48) : "–"] : []),
      us(r.span_us),
      us(r.busy_us),
      us(r.idle_us),
      num(r.kernels),
      num(r.launch_gaps),
    ]),
  ));
  if (s.steps.length > MAX_ROWS) {
    out.push(para(`(${s.steps.length - MAX_ROWS} more steps in the JSON output, field steps)`));
  }
  return out;
}
