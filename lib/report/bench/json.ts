/**
 * The benchmark report's JSON contract (`NAME.json`), schema
 * `tracedeck.bench-report/1`: throughputs in tokens/s, latencies in ms,
 * percentages 0–100, ratios as plain factors (> 1: the candidate is better),
 * request rates in req/s or the string `"inf"` when unthrottled. Stable:
 * fields are added, never renamed. Documented in README-section.md.
 *
 * @module
 */
import type { Row } from "../../db/engine.ts";
import type { BenchReportData } from "./data.ts";
import {
  improvedPoint,
  LATENCY_RISE_PCT,
  RATIOS,
  regressedRatios,
  THROUGHPUT_DROP_PCT,
} from "./thresholds.ts";
import { benchWarnings } from "./warnings.ts";

/** Schema id of the benchmark report JSON. */
export const BENCH_REPORT_SCHEMA = "tracedeck.bench-report/1";

function n(v: unknown): number | null {
  if (typeof v === "bigint") return Number(v);
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function s(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function b(v: unknown): boolean | null {
  return typeof v === "boolean" ? v : null;
}

function pct(v: unknown): number | null {
  const x = n(v);
  return x === null ? null : x * 100;
}

function requestRate(v: unknown): number | "inf" | null {
  return v === Infinity ? "inf" : n(v);
}

function point(r: Row) {
  return {
    label: s(r.label),
    model: s(r.model),
    hardware: s(r.hardware_key),
    isl: n(r.isl),
    osl: n(r.osl),
    tp: n(r.tp),
    pp: n(r.pp),
    parallelism: s(r.parallelism),
    concurrency: n(r.concurrency),
    request_rate: requestRate(r.request_rate),
    results: n(r.results),
    output_tput: n(r.output_throughput),
    total_tput: n(r.total_throughput),
    tput_per_gpu: n(r.per_gpu_tput),
    tok_s_per_user: n(r.tok_s_per_user),
    median_ttft_ms: n(r.median_ttft_ms),
    p99_ttft_ms: n(r.p99_ttft_ms),
    median_tpot_ms: n(r.median_tpot_ms),
    p99_tpot_ms: n(r.p99_tpot_ms),
    capacity_point: b(r.capacity_point),
  };
}

function abRow(r: Row) {
  return {
    isl: n(r.isl),
    osl: n(r.osl),
    concurrency: n(r.concurrency),
    request_rate: requestRate(r.request_rate),
    baseline: {
      results: n(r.baseline_results),
      output_tput: n(r.baseline_output_tput),
      median_ttft_ms: n(r.baseline_median_ttft_ms),
      median_tpot_ms: n(r.baseline_median_tpot_ms),
    },
    candidate: {
      results: n(r.candidate_results),
      output_tput: n(r.candidate_output_tput),
      median_ttft_ms: n(r.candidate_median_ttft_ms),
      median_tpot_ms: n(r.candidate_median_tpot_ms),
    },
    ratios: {
      ...Object.fromEntries(RATIOS.map((m) => [m.key, n(r[m.ratio])])),
      tput_per_gpu: n(r.per_gpu_tput_ratio),
    },
    regressed_ratios: regressedRatios(r),
    regressed: regressedRatios(r).length > 0,
    improved: improvedPoint(r),
  };
}

/** The JSON document of a benchmark report. */
export function benchReportJson(d: BenchReportData) {
  const sm = d.summary;
  const c = sm.comparison;
  return {
    schema: BENCH_REPORT_SCHEMA,
    provenance: d.provenance,
    units: {
      throughput: "tok/s",
      latency: "ms",
      percentages: "0-100",
      ratios: "factor, > 1: candidate better",
    },
    inputs: d.sides.map((x) => ({
      role: x.role,
      label: x.label,
      paths: x.paths,
      run_id: x.run_id,
      content_hash: x.content_hash,
      results: x.results,
      server_logs: x.logs,
      files: x.files,
    })),
    meta: d.meta,
    labels: sm.labels,
    tables: sm.tables.map((t) => ({ isl: t.isl, osl: t.osl, rows: t.rows.map(point) })),
    comparison: c && {
      baseline: c.baseline,
      candidate: c.candidate,
      thresholds: { throughput_drop_pct: THROUGHPUT_DROP_PCT, latency_rise_pct: LATENCY_RISE_PCT },
      points: c.rows.length,
      regressions: c.rows.filter((r) => regressedRatios(r).length > 0).length,
      improvements: c.rows.filter(improvedPoint).length,
      rows: c.rows.map(abRow),
    },
    warnings: benchWarnings(d),
    pareto: sm.pareto.map((r) => ({
      result_id: n(r.result_id),
      label: s(r.label),
      model: s(r.model),
      hardware: s(r.hardware_key),
      isl: n(r.isl),
      osl: n(r.osl),
      parallelism: s(r.parallelism),
      tp: n(r.tp),
      concurrency: n(r.concurrency),
      tput_per_gpu: n(r.per_gpu_tput),
      tok_s_per_user: n(r.tok_s_per_user),
      capacity_point: b(r.capacity_point),
      on_label_front: b(r.on_label_front),
      on_front: b(r.on_front),
    })),
    roofline: sm.roofline && {
      weight_bytes: d.weightBytes,
      rows: sm.roofline.map((r) => ({
        result_id: n(r.result_id),
        label: s(r.label),
        model: s(r.model),
        parallelism: s(r.parallelism),
        hardware: s(r.hardware_key),
        isl: n(r.isl),
        osl: n(r.osl),
        concurrency: n(r.concurrency),
        tp: n(r.tp),
        hbm_tbps: n(r.hbm_tbps),
        bytes_per_step: n(r.bytes_per_step),
        min_step_ms: n(r.min_step_ms),
        achieved_step_ms: n(r.achieved_step_ms),
        bandwidth_efficiency_pct: pct(r.bandwidth_efficiency),
        achieved_tbps: n(r.achieved_tbps),
        output_tput: n(r.output_tput),
        output_tput_bound: n(r.output_tput_bound),
      })),
    },
    health: sm.health.map((h) => ({
      log_id: n(h.log_id),
      label: s(h.label),
      source_file: s(h.source_file),
      client_concurrency: n(h.client_concurrency),
      kv_cache_tokens: n(h.kv_cache_tokens),
      max_num_seqs: n(h.max_num_seqs),
      busy_samples: n(h.busy_samples),
      mean_running: n(h.mean_running),
      max_running: n(h.max_running),
      mean_waiting: n(h.mean_waiting),
      max_waiting: n(h.max_waiting),
      max_in_system: n(h.max_in_system),
      queued_pct: pct(h.queued_share),
      peak_gpu_kv_pct: n(h.peak_gpu_kv_pct),
      kv_saturated_pct: pct(h.kv_saturated_share),
      preemptions: n(h.preemptions),
      mean_prompt_tps: n(h.mean_prompt_tps),
      mean_generation_tps: n(h.mean_generation_tps),
      last_prefix_hit_pct: n(h.last_prefix_hit_pct),
      ttft_cause: s(h.ttft_cause),
      kv_saturated: b(h.kv_saturated),
      queueing: b(h.queueing),
      preempting: b(h.preempting),
      admission_limited: b(h.admission_limited),
      admission_limit: s(h.admission_limit),
      client_short: b(h.client_short),
      diagnosis: s(h.diagnosis),
      timeline: sm.timeline.filter((t) => t.log_id === h.log_id).map((t) => ({
        t_s: n(t.t_s),
        running: n(t.running),
        waiting: n(t.waiting),
        in_system: n(t.in_system),
        gpu_kv_pct: n(t.gpu_kv_pct),
      })),
    })),
  };
}
