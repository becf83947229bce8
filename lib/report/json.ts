/**
 * The report's JSON contract (`NAME.json`), schema `tracedeck.report/1`:
 * percentages 0–100, times in µs. Stable: fields are added, never renamed.
 * `decode`, `steps`, `ranks`, `findings`, `unmatched` and `warnings` are the
 * report's primary run: the only run, or the candidate of a comparison;
 * `decode_by_run` and `findings_by_run` hold every run in input order
 * (baseline first). The field-by-field description is in
 * `lib/report/README-section.md`.
 *
 * @module
 */
import type { DecodeSummary } from "../analysis/decode.ts";
import type { Comparison } from "../analysis/compare.ts";
import type { Provenance } from "./sections/provenance.ts";

/** Schema id of the report JSON. */
export const REPORT_SCHEMA = "tracedeck.report/1";

function decodeJson(s: DecodeSummary) {
  const d = s.decode;
  return {
    run_id: s.run.id,
    steps: d.steps,
    skipped: d.skipped,
    found: d.found,
    step_source: d.step_source,
    step_us: { median: d.step_us.median, p90: d.step_us.p90, mean: d.step_us.mean },
    busy_us: { median: d.busy_us.median },
    idle_pct: d.idle_pct,
    launch_gaps_per_step: d.launch_gaps_per_step,
    batch_size: d.batch_size,
    categories: d.categories.map((c) => ({
      category: c.category,
      pct: c.pct,
      us_per_step: c.us_per_step,
      calls_per_step: c.calls_per_step,
    })),
    backends: d.backends.map((b) => ({
      category: b.category,
      backend: b.backend,
      pct: b.pct,
      us_per_step: b.us_per_step,
      calls_per_step: b.calls_per_step,
    })),
    sub_kinds: d.sub_kinds.map((b) => ({
      category: b.category,
      sub_kind: b.sub_kind,
      pct: b.pct,
      us_per_step: b.us_per_step,
      calls_per_step: b.calls_per_step,
    })),
    top_kernels: d.top_kernels.map((k) => ({
      name: k.name,
      category: k.category,
      backend: k.backend,
      sub_kind: k.sub_kind,
      pct: k.pct,
      us_per_step: k.us_per_step,
      calls_per_step: k.calls_per_step,
      avg_us: k.avg_us,
      max_us: k.max_us,
    })),
    most_expensive: d.most_expensive,
  };
}

/** Build the JSON document for a report of one run, or a comparison. */
export function reportJson(runs: DecodeSummary[], prov: Provenance, cmp?: Comparison) {
  const primary = runs[runs.length - 1];
  return {
    schema: REPORT_SCHEMA,
    provenance: prov,
    runs: runs.map((s) => ({
      id: s.run.id,
      label: s.run.label,
      device: s.run.device,
      arch: s.run.arch,
      ranks: s.run.ranks,
      source_format: s.run.source_format,
      source_files: s.run.source_files,
      content_hash: s.run.content_hash,
      framework: s.run.framework,
      meta: s.run.meta,
      dispatches: s.run.dispatches,
      memory_ops: s.run.memory_ops,
      markers: s.run.markers,
      capture_ms: s.run.capture_ms,
    })),
    decode: decodeJson(primary),
    decode_by_run: runs.map(decodeJson),
    steps: primary.steps,
    ranks: primary.ranks,
    findings: primary.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      message: f.message,
      advice: f.advice,
    })),
    findings_by_run: runs.map((s) => ({
      run_id: s.run.id,
      findings: s.findings.map((f) => ({
        id: f.id,
        severity: f.severity,
        message: f.message,
        advice: f.advice,
      })),
    })),
    unmatched: primary.unmatched,
    warnings: primary.warnings,
    ...(cmp
      ? {
        compare: {
          baseline_run: cmp.base_run,
          candidate_run: cmp.cand_run,
          threshold_pct: cmp.threshold_pct,
          regression: cmp.regressions.length > 0,
          step_delta_pct: cmp.steps.step_delta_pct,
          busy_delta_pct: cmp.steps.busy_delta_pct,
          steps: cmp.steps,
          categories: cmp.categories.map((c) => ({
            category: c.category,
            base_us: c.base_us,
            cand_us: c.cand_us,
            base_pct: c.base_pct,
            cand_pct: c.cand_pct,
            delta_pct: c.delta_pct,
            regression: c.regression,
          })),
          backends: cmp.backends,
          backend_shifts: cmp.shifts,
          kernels_new: cmp.kernels.filter((k) => k.status === "new").map((k) => ({
            family: k.family,
            category: k.category,
            backend: k.cand_backend,
            cand_us: k.cand_us,
            cand_calls: k.cand_calls,
            example: k.example,
          })),
          kernels_vanished: cmp.kernels.filter((k) => k.status === "vanished").map((k) => ({
            family: k.family,
            category: k.category,
            backend: k.base_backend,
            base_us: k.base_us,
            base_calls: k.base_calls,
            example: k.example,
          })),
          kernels_changed: cmp.kernels.filter((k) => k.status === "both"),
          regressions: cmp.regressions,
        },
      }
      : {}),
  };
}

/** The JSON document as text (2-space indent, newline-terminated; bigints as numbers). */
export function reportJsonText(json: ReturnType<typeof reportJson>): string {
  return JSON.stringify(json, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 2) + "\n";
}
