/**
 * Report section: the top kernels by cumulative time and the single most
 * expensive kernel.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { heading, kernel, num, para, pct, strong, table, us } from "../doc.ts";

/** Top kernels and the most expensive one. */
export function kernelsSection(s: DecodeSummary, depth = 2): RootContent[] {
  const d = s.decode;
  if (!d.steps) return [];
  const out: RootContent[] = [
    heading(depth, `Top ${d.top_kernels.length} kernels`),
    table(
      [
        { title: "kernel", align: "left" },
        { title: "category", align: "left" },
        { title: "backend", align: "left" },
        { title: "share", align: "right" },
        { title: "µs / step", align: "right" },
        { title: "calls / step", align: "right" },
        { title: "avg µs", align: "right" },
      ],
      d.top_kernels.map((k) => [
        kernel(k.name),
        k.category,
        k.backend || "–",
        pct(k.pct),
        us(k.us_per_step),
        num(k.calls_per_step),
        us(k.avg_us),
      ]),
    ),
  ];
  const m = d.most_expensive;
  if (m) {
    out.push(
      para(
        strong("Most expensive kernel:"),
        " ",
        kernel(m.name, 200),
        ` (${m.category}/${m.backend || "–"}): longest call ${us(m.max_us)} µs, mean ${
          us(m.avg_us)
        } µs, `,
        `${num(m.calls_per_step)} calls per step, ${pct(m.pct)} of decode kernel time.`,
      ),
    );
  }
  return out;
}
