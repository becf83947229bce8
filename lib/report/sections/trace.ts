/**
 * Report section: the whole capture by category and backend, steps or not.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { heading, num, para, pct, table, us } from "../doc.ts";

/** Whole-trace breakdown. */
export function traceSection(s: DecodeSummary, depth = 2): RootContent[] {
  if (!s.trace.kernels) return [];
  return [
    heading(depth, "Whole capture"),
    para(
      `${num(s.trace.kernels)} kernels, ${
        us(s.trace.kernel_us)
      } µs of kernel time over all steps, warm-up and prefill included. `,
      s.unmatched.length
        ? "Kernels no taxonomy rule matched are listed below."
        : "Every kernel matched a taxonomy rule.",
    ),
    table(
      [
        { title: "category", align: "left" },
        { title: "backend", align: "left" },
        { title: "calls", align: "right" },
        { title: "µs", align: "right" },
        { title: "share", align: "right" },
      ],
      s.trace.backends.map((
        b,
      ) => [b.category, b.backend || "–", num(b.calls), us(b.total_us), pct(b.pct)]),
    ),
  ];
}
