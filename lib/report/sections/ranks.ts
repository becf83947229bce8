/**
 * Report section: per-rank figures for TP > 1 — the critical path and the
 * collective wait skew.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { heading, num, para, pct, table, us } from "../doc.ts";

/** Per-rank table (only when there is more than one rank). */
export function ranksSection(s: DecodeSummary, depth = 2): RootContent[] {
  if (s.ranks.length < 2) return [];
  return [
    heading(depth, "Ranks"),
    para(
      "The slowest rank of a step is its critical path. Collective wait: how long the rank waits at ",
      "collectives for the last rank to arrive (µs per step); arrival skew: mean spread between the first ",
      "and the last rank reaching a collective.",
    ),
    table(
      [
        { title: "rank", align: "right" },
        { title: "median step µs", align: "right" },
        { title: "median busy µs", align: "right" },
        { title: "idle", align: "right" },
        { title: "slowest in steps", align: "right" },
        { title: "collective wait µs / step", align: "right" },
        { title: "arrival skew µs", align: "right" },
      ],
      s.ranks.map((r) => [
        r.rank,
        us(r.step_us),
        us(r.busy_us),
        pct(r.idle_pct),
        num(r.critical_steps),
        us(r.collective_wait_us_per_step),
        us(r.collective_skew_us),
      ]),
    ),
  ];
}
