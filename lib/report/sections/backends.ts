/**
 * Report section: the backend mix (who generated each category's kernels)
 * and the sub-kinds (attention FA/PA/MLA, MoE phases, Other kinds).
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { heading, num, pct, table, us } from "../doc.ts";

/** Backend mix and sub-kinds. */
export function backendsSection(s: DecodeSummary, depth = 2): RootContent[] {
  const d = s.decode;
  if (!d.steps) return [];
  const cols = (what: string) => [
    { title: "category", align: "left" as const },
    { title: what, align: "left" as const },
    { title: "share", align: "right" as const },
    { title: "µs / step", align: "right" as const },
    { title: "calls / step", align: "right" as const },
  ];
  return [
    heading(depth, "Backend mix"),
    table(
      cols("backend"),
      d.backends.map((
        b,
      ) => [b.category, b.backend || "–", pct(b.pct), us(b.us_per_step), num(b.calls_per_step)]),
    ),
    heading(depth + 1, "Sub-kinds"),
    table(
      cols("sub-kind"),
      d.sub_kinds.map((
        b,
      ) => [b.category, b.sub_kind || "–", pct(b.pct), us(b.us_per_step), num(b.calls_per_step)]),
    ),
  ];
}
