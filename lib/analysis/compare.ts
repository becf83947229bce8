/**
 * The A/B comparison of two runs, read from the table macros in
 * `queries/compare/compare.sql`: step and busy deltas, per category, backend
 * and kernel family, backend shifts, new and vanished kernels, regressions
 * beyond a threshold.
 *
 * @module
 */
import type { Engine, Row } from "../db/engine.ts";

/** Step-level comparison. */
export interface StepDelta {
  base_step_us: number | null;
  cand_step_us: number | null;
  step_delta_pct: number | null;
  base_busy_us: number | null;
  cand_busy_us: number | null;
  busy_delta_pct: number | null;
  base_idle_pct: number | null;
  cand_idle_pct: number | null;
  step_regression: boolean;
  busy_regression: boolean;
}

/** One category (or category + backend) compared. */
export interface ShareDelta {
  category: string;
  backend?: string;
  base_us: number;
  cand_us: number;
  base_pct: number;
  cand_pct: number;
  delta_pct: number | null;
  regression: boolean;
}

/** A backend whose share of its category moved by 10 points or more. */
export interface BackendShift {
  category: string;
  backend: string;
  base_share_pct: number;
  cand_share_pct: number;
  shift_pts: number;
}

/** A kernel family in either run. */
export interface FamilyDelta {
  family: string;
  category: string;
  base_backend: string | null;
  cand_backend: string | null;
  base_us: number;
  cand_us: number;
  base_calls: number;
  cand_calls: number;
  status: "new" | "vanished" | "both";
  example: string;
}

/** The whole comparison. */
export interface Comparison {
  base_run: number;
  cand_run: number;
  threshold_pct: number;
  steps: StepDelta;
  categories: ShareDelta[];
  backends: ShareDelta[];
  shifts: BackendShift[];
  kernels: FamilyDelta[];
  /** Human-readable regressions beyond the threshold; empty when none. */
  regressions: string[];
}

/**
 * Compare two runs whose decode tables and comparison macros are loaded (call
 * decodeSummaries on both together first).
 */
export async function compareRuns(
  engine: Engine,
  base: number,
  cand: number,
  threshold: number,
): Promise<Comparison> {
  const args = [base, cand, threshold];
  const steps =
    (await engine.query<StepDelta & Row>("SELECT * FROM compare_steps(?, ?, ?)", args))[0];
  const categories = await engine.query<ShareDelta & Row>(
    "SELECT category, base_us, cand_us, base_pct, cand_pct, delta_pct, regression FROM compare_categories(?, ?, ?)",
    args,
  );
  const backends = await engine.query<ShareDelta & Row>(
    "SELECT category, backend, base_us, cand_us, base_pct, cand_pct, delta_pct, regression FROM compare_backends(?, ?, ?)",
    args,
  );
  const shifts = await engine.query<BackendShift & Row>(
    "SELECT * FROM compare_backend_shifts(?, ?)",
    [base, cand],
  );
  const kernels = await engine.query<FamilyDelta & Row>("SELECT * FROM compare_kernels(?, ?)", [
    base,
    cand,
  ]);
  const regressions: string[] = [];
  const fmt = (v: number | null) => (v === null ? "new" : `${v >= 0 ? "+" : ""}${v.toFixed(1)}%`);
  if (steps?.step_regression) regressions.push(`decode step time ${fmt(steps.step_delta_pct)}`);
  if (steps?.busy_regression) {
    regressions.push(`GPU busy time per step ${fmt(steps.busy_delta_pct)}`);
  }
  for (const c of categories) {
    if (c.regression) regressions.push(`${c.category} ${fmt(c.delta_pct)}`);
  }
  for (const b of backends) {
    if (b.regression) regressions.push(`${b.category}/${b.backend} ${fmt(b.delta_pct)}`);
  }
  return {
    base_run: base,
    cand_run: cand,
    threshold_pct: threshold,
    steps: steps ?? {
      base_step_us: null,
      cand_step_us: null,
      step_delta_pct: null,
      base_busy_us: null,
      cand_busy_us: null,
      busy_delta_pct: null,
      base_idle_pct: null,
      cand_idle_pct: null,
      step_regression: false,
      busy_regression: false,
    },
    categories,
    backends,
    shifts,
    kernels,
    regressions,
  };
}
