/**
 * Everything a benchmark report is made from: the summary of the views, the
 * input sides, and the options that shaped it.
 *
 * @module
 */
import type { BenchSummary } from "../../bench/summary.ts";
import type { Provenance } from "../sections/provenance.ts";
import type { BenchSide } from "./inputs.ts";

/** The material of one benchmark report. */
export interface BenchReportData {
  summary: BenchSummary;
  /** Baseline then candidate in an A/B; the one set otherwise. */
  sides: BenchSide[];
  /** Model weight bytes given with --weight-bytes (null: no roofline). */
  weightBytes: number | null;
  /** --meta pairs applied to every input. */
  meta: Record<string, string>;
  provenance: Provenance;
}
