/**
 * Report section: the A/B comparison — step and busy deltas, categories,
 * backends and backend shifts, new and vanished kernel families, with
 * regressions beyond the threshold in bold.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import type { Comparison } from "../../analysis/compare.ts";
import { clip, code, delta, figure, heading, type Inline, list, para, pct, strong, table, us } from "../doc.ts";
import { categoryBars, groupedBars } from "../plots.ts";

function flag(text: string, regression: boolean): Inline {
  return regression ? strong(`${text} ▲`) : text;
}

/** The comparison of baseline `b` and candidate `c`. */
export function compareSection(b: DecodeSummary, c: DecodeSummary, cmp: Comparison): RootContent[] {
  const st = cmp.steps;
  const out: RootContent[] = [
    heading(2, "Verdict"),
    cmp.regressions.length
      ? para(strong(`${cmp.regressions.length} regression(s) beyond ${cmp.threshold_pct}%: `), cmp.regressions.join("; "), ".")
      : para(`No regression beyond ${cmp.threshold_pct}%.`),
    table(
      [{ title: "", align: "left" }, { title: `baseline: ${b.run.label}`, align: "right" }, { title: `candidate: ${c.run.label}`, align: "right" }, { title: "change", align: "right" }],
      [
        ["device · arch", `${b.run.device ?? "?"} · ${b.run.arch ?? "?"}`, `${c.run.device ?? "?"} · ${c.run.arch ?? "?"}`, ""],
        ["decode steps used", String(b.decode.steps), String(c.decode.steps), ""],
        ["median step µs", us(st.base_step_us), us(st.cand_step_us), flag(delta(st.step_delta_pct), st.step_regression)],
        ["median busy µs", us(st.base_busy_us), us(st.cand_busy_us), flag(delta(st.busy_delta_pct), st.busy_regression)],
        ["idle share", pct(st.base_idle_pct), pct(st.cand_idle_pct), ""],
      ],
    ),
    heading(2, "Categories"),
    table(
      [{ title: "category", align: "left" }, { title: "base µs/step", align: "right" }, { title: "cand µs/step", align: "right" }, { title: "base share", align: "right" }, { title: "cand share", align: "right" }, { title: "change", align: "right" }],
      cmp.categories.map((r) => [r.category, us(r.base_us), us(r.cand_us), pct(r.base_pct), pct(r.cand_pct), flag(delta(r.delta_pct), r.regression)]),
    ),
    figure(categoryBars([
      ...b.decode.categories.map((x) => ({ run: `base: ${b.run.label}`, category: x.category, us: x.us_per_step })),
      ...c.decode.categories.map((x) => ({ run: `cand: ${c.run.label}`, category: x.category, us: x.us_per_step })),
    ], "Decode step by category, baseline vs candidate (µs per step)")),
    heading(2, "Backends"),
    table(
      [{ title: "category", align: "left" }, { title: "backend", align: "left" }, { title: "base µs/step", align: "right" }, { title: "cand µs/step", align: "right" }, { title: "change", align: "right" }],
      cmp.backends.map((r) => [r.category, r.backend ?? "", us(r.base_us), us(r.cand_us), flag(delta(r.delta_pct), r.regression)]),
    ),
  ];
  if (cmp.shifts.length) {
    out.push(
      heading(3, "Backend shifts"),
      para("Share of each category's time per backend; a move of 10 points or more is a dispatch change (e.g. hipBLASLt → torch)."),
      table(
        [{ title: "category", align: "left" }, { title: "backend", align: "left" }, { title: "base share", align: "right" }, { title: "cand share", align: "right" }, { title: "shift", align: "right" }],
        cmp.shifts.map((s) => [s.category, s.backend, pct(s.base_share_pct), pct(s.cand_share_pct), `${s.shift_pts >= 0 ? "+" : ""}${s.shift_pts.toFixed(1)} pts`]),
      ),
    );
  }
  const fresh = cmp.kernels.filter((k) => k.status === "new");
  const gone = cmp.kernels.filter((k) => k.status === "vanished");
  const both = cmp.kernels.filter((k) => k.status === "both").sort((x, y) => Math.abs(y.cand_us - y.base_us) - Math.abs(x.cand_us - x.base_us)).slice(0, 15);
  const famTable = (rows: typeof cmp.kernels) =>
    table(
      [{ title: "kernel family", align: "left" }, { title: "category", align: "left" }, { title: "backend", align: "left" }, { title: "base µs/step", align: "right" }, { title: "cand µs/step", align: "right" }, { title: "calls/step base → cand", align: "right" }],
      rows.map((k) => [code(clip(k.family, 80)), k.category, k.cand_backend ?? k.base_backend ?? "", us(k.base_us), us(k.cand_us), `${k.base_calls.toFixed(1)} → ${k.cand_calls.toFixed(1)}`]),
    );
  out.push(heading(2, "Kernels"));
  out.push(heading(3, `New in the candidate (${fresh.length})`), fresh.length ? famTable(fresh.slice(0, 25)) : para("None."));
  out.push(heading(3, `Vanished from the baseline (${gone.length})`), gone.length ? famTable(gone.slice(0, 25)) : para("None."));
  out.push(heading(3, "Largest changes among kernels in both"), both.length ? famTable(both) : para("None."));
  if (both.length) {
    out.push(figure(groupedBars(
      both.slice(0, 8).flatMap((k) => [
        { item: clip(k.family, 40), run: "baseline", us: k.base_us },
        { item: clip(k.family, 40), run: "candidate", us: k.cand_us },
      ]),
      "Largest kernel-family changes (µs per step)",
    )));
  }
  if (b.run.arch && c.run.arch && b.run.arch !== c.run.arch) {
    out.push(list([[`⚠ the runs are on different architectures (${b.run.arch} vs ${c.run.arch}): kernel names and backends differ by design.`]]));
  }
  return out;
}
