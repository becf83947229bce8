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
export function backendsSection(s: DecodeSummary): RootContent[] {
  const d = s.decode;
  if (!d.steps) return [];
  return [
    heading(2, "Backend mix"),
    table(
      [{ title: "category", align: "left" }, { title: "backend", align: "left" }, { title: "share", align: "right" }, { title: "µs / step", align: "right" }, { title: "calls / step", align: "right" }],
      d.backends.map((b) => [b.category, b.backend ?? "", pct(b.pct), us(b.us_per_step), num(b.calls_per_step)]),
    ),
    heading(3, "Sub-kinds"),
    table(
      [{ title: "category", align: "left" }, { title: "sub-kind", align: "left" }, { title: "share", align: "right" }, { title: "µs / step", align: "right" }, { title: "calls / step", align: "right" }],
      d.sub_kinds.map((b) => [b.category, b.sub_kind ?? "", pct(b.pct), us(b.us_per_step), num(b.calls_per_step)]),
    ),
  ];
}
