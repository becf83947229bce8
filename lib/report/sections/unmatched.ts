/**
 * Report section: kernels no taxonomy rule matched, by share of kernel time,
 * so users can add rules.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { clip, code, heading, num, para, pct, table } from "../doc.ts";

/** Unmatched kernels. */
export function unmatchedSection(s: DecodeSummary): RootContent[] {
  const total = s.unmatched.reduce((a, u) => a + u.pct, 0);
  if (!s.unmatched.length) return [heading(2, "Unmatched kernels"), para("Every kernel matched a taxonomy rule.")];
  return [
    heading(2, "Unmatched kernels"),
    para(`${pct(total)} of kernel time is in kernels no rule matched (labelled Other/unmatched). Add rules with a rules file (--rules).`),
    table(
      [{ title: "kernel", align: "left" }, { title: "calls", align: "right" }, { title: "share of kernel time", align: "right" }],
      s.unmatched.map((u) => [code(clip(u.name, 120)), num(u.calls), pct(u.pct, 2)]),
    ),
  ];
}
