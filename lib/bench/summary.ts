/**
 * The benchmark analysis as one plain object for a renderer: the per-(ISL,
 * OSL) matrix tables, an A/B comparison with its warnings, the throughput-
 * per-GPU vs interactivity points with their Pareto flags, an optional decode
 * roofline, server-log health with its timeline and per-result warnings. Every number comes
 * from the views in queries/bench/; this module only selects and groups.
 * Unthrottled request rates are `Infinity`.
 *
 * @module
 */
import type { Engine, Row } from "../db/engine.ts";
import { loadBenchViews } from "./views.ts";

/** What to summarise. */
export interface BenchSummaryOptions {
  /** Only these build labels (default: every label in the store). */
  labels?: string[];
  /** Baseline label of the A/B comparison. */
  baseline?: string;
  /** Candidate label of the A/B comparison. */
  candidate?: string;
  /** Model weight bytes (all GPUs together), to add the decode roofline. */
  weightBytes?: number;
  /** KV-cache bytes per token of context for the roofline (default 0: weights only). */
  kvBytesPerToken?: number;
}

/** The matrix rows of one (ISL, OSL) pair. */
export interface BenchTable {
  /** Configured input length (null: dataset-driven lengths). */
  isl: number | null;
  /** Configured output length (null: dataset-driven lengths). */
  osl: number | null;
  /** bench_matrix rows, ordered by label, model, hardware, parallelism, TP, concurrency and rate. */
  rows: Row[];
}

/** The A/B part of a summary. */
export interface BenchComparison {
  baseline: string;
  candidate: string;
  /** bench_ab rows: one per shared matrix point. */
  rows: Row[];
  /** bench_ab_warnings rows. */
  warnings: Row[];
  /** Shared points flagged as regressions. */
  regressions: number;
  /** Shared points flagged as improvements. */
  improvements: number;
}

/** Everything a benchmark report shows. */
export interface BenchSummary {
  /** Build labels covered. */
  labels: string[];
  /** Matrix tables per (ISL, OSL). */
  tables: BenchTable[];
  /** The A/B comparison, when a baseline and a candidate were given. */
  comparison: BenchComparison | null;
  /** bench_pareto rows (throughput per GPU vs tokens/s per user). */
  pareto: Row[];
  /** bench_decode_roofline rows, when weight bytes were given. */
  roofline: Row[] | null;
  /** bench_log_health rows: the diagnosis of each server log. */
  health: Row[];
  /** bench_log_timeline rows of those logs: requests and KV cache use over time. */
  timeline: Row[];
  /** bench_result_warnings rows. */
  warnings: Row[];
}

/** Build the summary from the store. */
export async function benchSummary(
  engine: Engine,
  opts: BenchSummaryOptions = {},
): Promise<BenchSummary> {
  await loadBenchViews(engine);
  const all = (await engine.query<{ label: string }>(
    `SELECT label FROM bench_results WHERE label IS NOT NULL
     UNION SELECT label FROM bench_log_capacity WHERE label IS NOT NULL
     ORDER BY label`,
  )).map((r) => r.label);
  const labels = opts.labels ? all.filter((l) => opts.labels!.includes(l)) : all;
  const keep = (rows: Row[]) => rows.filter((r) => labels.includes(String(r.label)));

  const matrix = keep(
    await engine.query(
      `SELECT * FROM bench_matrix
       ORDER BY isl NULLS FIRST, osl NULLS FIRST, label, model, hardware_key, parallelism,
                tp NULLS FIRST, concurrency NULLS FIRST, request_rate NULLS FIRST`,
    ),
  );
  const tables: BenchTable[] = [];
  for (const row of matrix) {
    const isl = row.isl as number | null, osl = row.osl as number | null;
    let t = tables.find((x) => x.isl === isl && x.osl === osl);
    if (!t) tables.push(t = { isl, osl, rows: [] });
    t.rows.push(row);
  }

  let comparison: BenchComparison | null = null;
  if (opts.baseline !== undefined && opts.candidate !== undefined) {
    const args = [opts.baseline, opts.candidate];
    const rows = await engine.query("SELECT * FROM bench_ab(?, ?)", args);
    comparison = {
      baseline: opts.baseline,
      candidate: opts.candidate,
      rows,
      warnings: await engine.query(
        "SELECT * FROM bench_ab_warnings(?, ?) ORDER BY severity DESC, code",
        args,
      ),
      regressions: rows.filter((r) => r.regressed === true).length,
      improvements: rows.filter((r) => r.improved === true).length,
    };
  }

  const roofline = opts.weightBytes === undefined ? null : keep(
    await engine.query(
      `SELECT * FROM bench_decode_roofline(?, kv_bytes_per_token := ?)
       ORDER BY label, model, hardware_key, parallelism, isl NULLS FIRST, osl NULLS FIRST,
                concurrency NULLS FIRST`,
      [
        opts.weightBytes,
        opts.kvBytesPerToken ?? 0,
      ],
    ),
  );

  return {
    labels,
    tables,
    comparison,
    pareto: keep(
      await engine.query("SELECT * FROM bench_pareto ORDER BY label, isl, osl, concurrency"),
    ),
    roofline,
    health: keep(await engine.query("SELECT * FROM bench_log_health ORDER BY log_id")),
    timeline: keep(await engine.query("SELECT * FROM bench_log_timeline ORDER BY log_id, t_s")),
    warnings: keep(
      await engine.query("SELECT * FROM bench_result_warnings ORDER BY result_id, code"),
    ),
  };
}
