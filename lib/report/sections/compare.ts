/**
 * Report section: the A/B comparison — verdict, step and busy deltas,
 * categories, backends and backend shifts, new and vanished kernel
 * families, with regressions beyond the threshold in bold.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import type { Comparison, FamilyDelta } from "../../analysis/compare.ts";
import {
  clip,
  code,
  delta,
  figure,
  heading,
  type Inline,
  list,
  num,
  para,
  pct,
  strong,
  table,
  us,
} from "../doc.ts";
import { categoryBars, familyChanges } from "../plots.ts";

/** Kernel families listed per table. */
const MAX_FAMILIES = 25;
/** Smallest change of a family's µs per step worth listing (below is rounding noise). */
const MIN_CHANGE_US = 0.01;
/** Families drawn in the change figure. */
const MAX_FIGURE_FAMILIES = 10;

function flag(text: string, regression: boolean): Inline {
  return regression ? strong(`${text} ▲`, "regression") : text;
}

/**
 * The name a family is shown under: the family, or its example kernel when
 * the family name lost everything but a namespace (e.g. `at::native::`).
 */
function familyLabel(k: FamilyDelta): string {
  const f = k.family.trim();
  return f === "" || f.endsWith("::") ? k.example : f;
}

function familyCell(k: FamilyDelta): Inline {
  const label = familyLabel(k);
  return code(clip(label, 76), k.example);
}

function shiftText(pts: number): string {
  return `${pts >= 0 ? "+" : ""}${pts.toFixed(1)} pts`;
}

function verdict(cmp: Comparison): RootContent[] {
  if (!cmp.regressions.length) {
    return [para(strong("No regression"), ` beyond ${cmp.threshold_pct}%.`)];
  }
  return [
    para(
      strong(`${cmp.regressions.length} regression(s)`, "regression"),
      ` beyond ${cmp.threshold_pct}%:`,
    ),
    list(cmp.regressions.map((r) => [r])),
  ];
}

/** The comparison of baseline `b` and candidate `c`. */
export function compareSection(b: DecodeSummary, c: DecodeSummary, cmp: Comparison): RootContent[] {
  const st = cmp.steps;
  const out: RootContent[] = [
    heading(2, "Verdict"),
    ...verdict(cmp),
    table(
      [
        { title: "", align: "left" },
        { title: "baseline", align: "right" },
        { title: "candidate", align: "right" },
        { title: "change", align: "right" },
      ],
      [
        ["run", `${b.run.id} · ${b.run.label}`, `${c.run.id} · ${c.run.label}`, ""],
        [
          "device · arch",
          `${b.run.device ?? "?"} · ${b.run.arch ?? "?"}`,
          `${c.run.device ?? "?"} · ${c.run.arch ?? "?"}`,
          "",
        ],
        ["decode steps used", num(b.decode.steps), num(c.decode.steps), ""],
        [
          "median step µs",
          us(st.base_step_us),
          us(st.cand_step_us),
          flag(delta(st.step_delta_pct), st.step_regression),
        ],
        [
          "median busy µs",
          us(st.base_busy_us),
          us(st.cand_busy_us),
          flag(delta(st.busy_delta_pct), st.busy_regression),
        ],
        ["idle share", pct(st.base_idle_pct), pct(st.cand_idle_pct), ""],
      ],
    ),
  ];
  if (b.run.arch && c.run.arch && b.run.arch !== c.run.arch) {
    out.push(list([[
      `⚠ the runs are on different architectures (${b.run.arch} vs ${c.run.arch}): kernel names and backends differ by design.`,
    ]]));
  }
  out.push(
    heading(2, "Categories"),
    table(
      [
        { title: "category", align: "left" },
        { title: "base µs/step", align: "right" },
        { title: "cand µs/step", align: "right" },
        { title: "base share", align: "right" },
        { title: "cand share", align: "right" },
        { title: "change", align: "right" },
      ],
      cmp.categories.map((r) => [
        r.category,
        us(r.base_us),
        us(r.cand_us),
        pct(r.base_pct),
        pct(r.cand_pct),
        flag(delta(r.delta_pct), r.regression),
      ]),
    ),
  );
  if (cmp.categories.length) {
    out.push(figure(categoryBars(
      [
        ...b.decode.categories.map((x) => ({
          run: "baseline",
          category: x.category,
          us: x.us_per_step,
        })),
        ...c.decode.categories.map((x) => ({
          run: "candidate",
          category: x.category,
          us: x.us_per_step,
        })),
      ],
      `Kernel time per decode step by category (µs): baseline ${b.run.label}, candidate ${c.run.label}.`,
    )));
  }
  out.push(
    heading(2, "Backends"),
    table(
      [
        { title: "category", align: "left" },
        { title: "backend", align: "left" },
        { title: "base µs/step", align: "right" },
        { title: "cand µs/step", align: "right" },
        { title: "change", align: "right" },
      ],
      cmp.backends.map((
        r,
      ) => [
        r.category,
        r.backend || "–",
        us(r.base_us),
        us(r.cand_us),
        flag(delta(r.delta_pct), r.regression),
      ]),
    ),
  );
  if (cmp.shifts.length) {
    out.push(
      heading(3, "Backend shifts"),
      para(
        "Share of each category's time per backend; a move of 10 points or more is a dispatch change ",
        "(e.g. GEMMs moving from hipBLASLt to torch fallback kernels).",
      ),
      table(
        [
          { title: "category", align: "left" },
          { title: "backend", align: "left" },
          { title: "base share", align: "right" },
          { title: "cand share", align: "right" },
          { title: "shift", align: "right" },
        ],
        cmp.shifts.map((
          s,
        ) => [
          s.category,
          s.backend || "–",
          pct(s.base_share_pct),
          pct(s.cand_share_pct),
          shiftText(s.shift_pts),
        ]),
      ),
    );
  }
  out.push(...kernelTables(cmp));
  return out;
}

function kernelTables(cmp: Comparison): RootContent[] {
  const fresh = cmp.kernels.filter((k) => k.status === "new");
  const gone = cmp.kernels.filter((k) => k.status === "vanished");
  const change = (k: FamilyDelta) => Math.abs(k.cand_us - k.base_us);
  const both = cmp.kernels.filter((k) => k.status === "both" && change(k) >= MIN_CHANGE_US)
    .sort((x, y) => change(y) - change(x)).slice(0, 15);
  const famTable = (rows: FamilyDelta[]) =>
    table(
      [
        { title: "kernel family", align: "left" },
        { title: "category", align: "left" },
        { title: "backend", align: "left" },
        { title: "base µs/step", align: "right" },
        { title: "cand µs/step", align: "right" },
        { title: "calls/step base → cand", align: "right" },
        { title: "change", align: "right" },
      ],
      rows.map((k) => [
        familyCell(k),
        k.category,
        k.base_backend && k.cand_backend && k.base_backend !== k.cand_backend
          ? `${k.base_backend} → ${k.cand_backend}`
          : k.cand_backend ?? k.base_backend ?? "–",
        k.status === "new" ? "–" : us(k.base_us),
        k.status === "vanished" ? "–" : us(k.cand_us),
        `${k.status === "new" ? "–" : num(k.base_calls)} → ${
          k.status === "vanished" ? "–" : num(k.cand_calls)
        }`,
        k.status === "new" ? "new" : delta((100 * (k.cand_us - k.base_us)) / k.base_us),
      ]),
    );
  const more = (
    n: number,
  ) => (n > MAX_FAMILIES ? [para(`(${n - MAX_FAMILIES} more in the JSON output)`)] : []);
  const out: RootContent[] = [
    heading(2, "Kernels"),
    para(
      "Kernels are matched across runs by family: the name without template arguments, parameters and tile suffixes.",
    ),
    heading(3, `New in the candidate (${fresh.length})`),
    ...(fresh.length
      ? [famTable(fresh.slice(0, MAX_FAMILIES)), ...more(fresh.length)]
      : [para("None.")]),
    heading(3, `Vanished from the baseline (${gone.length})`),
    ...(gone.length
      ? [famTable(gone.slice(0, MAX_FAMILIES)), ...more(gone.length)]
      : [para("None.")]),
    heading(3, "Largest changes among kernels in both"),
    both.length ? famTable(both) : para("No kernel family in both runs changed its time per step."),
  ];
  const movers = [...cmp.kernels].sort((x, y) => change(y) - change(x)).slice(
    0,
    MAX_FIGURE_FAMILIES,
  ).filter((k) => change(k) >= MIN_CHANGE_US);
  if (movers.length) {
    out.push(figure(familyChanges(
      movers.map((k) => ({ family: familyLabel(k), base_us: k.base_us, cand_us: k.cand_us })),
      "Kernel families that moved most, new and vanished ones included (µs per decode step).",
    )));
  }
  return out;
}
