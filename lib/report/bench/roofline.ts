/**
 * Benchmark report section (with --weight-bytes): the decode roofline —
 * how close each configuration's decode step comes to the HBM bandwidth
 * bound (bench_decode_roofline), as a figure and a table of bandwidth
 * efficiency by concurrency.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Row } from "../../db/engine.ts";
import { figure, heading, para, strong, table } from "../doc.ts";
import { lengths, ms, percent } from "./format.ts";
import { rooflinePlot } from "./plot_roofline.ts";
import type { SeriesNamer } from "./series.ts";

/** The roofline section for `rows` (bench_decode_roofline) and the weight bytes given. */
export function rooflineSection(
  rows: Row[],
  weightBytes: number,
  name: SeriesNamer,
): RootContent[] {
  const out: RootContent[] = [
    heading(2, "Decode roofline"),
    para(
      `Every decode step reads the weights a GPU holds (${
        (weightBytes / 1e9).toFixed(1)
      } GB in all, split over TP) and the KV cache of its batch; `,
      "at the GPU's HBM bandwidth that bounds the step time from below. Bandwidth efficiency = bound step time / achieved median TPOT ",
      "(100% = at the roofline; speculative decoding can pass it, since a step then yields several tokens).",
    ),
  ];
  const known = rows.filter((r) => typeof r.min_step_ms === "number");
  if (!known.length) {
    return [
      ...out,
      para(
        strong("No bound: "),
        "no result names recognised hardware, so the HBM bandwidth is unknown (pass --meta hardware=GPU, e.g. hardware=mi355x).",
      ),
    ];
  }
  const bounded = known.filter((r) => typeof r.concurrency === "number");
  const left: string[] = [];
  if (known.length < rows.length) {
    left.push(`${rows.length - known.length} on unrecognised hardware`);
  }
  if (bounded.length < known.length) {
    left.push(
      `${known.length - bounded.length} without a client concurrency (the decode batch is unknown)`,
    );
  }
  if (left.length) {
    out.push(para(`Left out of ${rows.length} result(s): ${left.join("; ")}.`));
  }
  if (!bounded.length) return out;
  const svg = rooflinePlot(bounded, name);
  if (svg) out.push(figure(svg));
  const concs = [...new Set(bounded.map((r) => r.concurrency as number))].sort((a, b) => a - b);
  const groups = new Map<string, Row[]>();
  for (const r of bounded) {
    const key = `${name(r)}\u0000${lengths(r.isl, r.osl)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  out.push(
    heading(3, "Bandwidth efficiency by concurrency"),
    table(
      [
        { title: "configuration", align: "left" },
        { title: "lengths", align: "left" },
        { title: "hardware", align: "left" },
        { title: "bound step ms", align: "right" },
        ...concs.map((c) => ({ title: `c${c}`, align: "right" as const })),
      ],
      [...groups.values()].map((g) => {
        const steps = g.map((r) => r.min_step_ms as number);
        const lo = Math.min(...steps), hi = Math.max(...steps);
        return [
          name(g[0]),
          lengths(g[0].isl, g[0].osl),
          String(g[0].hardware_key ?? "–"),
          lo === hi ? ms(lo) : `${ms(lo)}–${ms(hi)}`,
          ...concs.map((c) => {
            const at = g.filter((r) => r.concurrency === c);
            const eff = at.map((r) => r.bandwidth_efficiency as number).sort((x, y) => x - y);
            if (!eff.length) return "";
            const mid = eff.length % 2
              ? eff[(eff.length - 1) / 2]
              : (eff[eff.length / 2 - 1] + eff[eff.length / 2]) / 2;
            return eff.length === 1
              ? percent(mid * 100)
              : `${percent(mid * 100)} (median of ${eff.length})`;
          }),
        ];
      }),
    ),
  );
  return out;
}
