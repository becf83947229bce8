/**
 * Report section: the whole capture by category and backend, steps or not.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { figure, heading, num, para, pct, table, us } from "../doc.ts";
import { categoryBars } from "../plots.ts";

/** Whole-trace breakdown; `withFigure` adds a bar by category (for runs without decode steps). */
export function traceSection(s: DecodeSummary, depth = 2, withFigure = false): RootContent[] {
  if (!s.trace.kernels) return [];
  const byCategory = new Map<string, number>();
  for (const b of s.trace.backends) {
    byCategory.set(b.category, (byCategory.get(b.category) ?? 0) + b.total_us);
  }
  const out: RootContent[] = [
    heading(depth, "Whole capture"),
    para(
      `${num(s.trace.kernels)} kernels, ${us(s.trace.kernel_us)} µs of kernel time, `,
      "warm-up and prefill included. ",
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
  if (withFigure && byCategory.size > 1) {
    out.push(figure(categoryBars(
      [...byCategory].map(([category, total]) => ({ run: s.run.label, category, us: total })),
      "Kernel time over the whole capture by category (µs).",
      "µs of kernel time",
    )));
  }
  return out;
}
