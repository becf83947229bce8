/**
 * Report section: kernels no taxonomy rule matched, by share of kernel time,
 * so users can add rules. Absent when every kernel matched.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { code, heading, kernel, num, para, pct, table } from "../doc.ts";

/** Unmatched kernels (nothing when every kernel matched). */
export function unmatchedSection(s: DecodeSummary, depth = 2): RootContent[] {
  if (!s.unmatched.length) return [];
  const total = s.unmatched.reduce((a, u) => a + u.pct, 0);
  return [
    heading(depth, "Unmatched kernels"),
    para(
      `${pct(total)} of kernel time is in kernels no rule matched (labelled Other/unmatched). `,
      "See why with ",
      code("deno task classify --explain NAME"),
      " and add rules with a rules file (",
      code("--rules FILE"),
      ").",
    ),
    table(
      [{ title: "kernel", align: "left" }, { title: "calls", align: "right" }, {
        title: "share of kernel time",
        align: "right",
      }],
      s.unmatched.map((u) => [kernel(u.name, 120), num(u.calls), pct(u.pct, 2)]),
    ),
  ];
}
