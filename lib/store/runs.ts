/**
 * The runs table: creating a run row, finding a run by hash, id or label, and
 * listing runs with their key facts.
 *
 * @module
 */
import type { Engine, Row } from "../db/engine.ts";
import { UsageError } from "../cli/errors.ts";

/** A run as stored. */
export interface RunRecord {
  run_id: number;
  label: string;
  source_format: string;
  device_name: string | null;
  arch: string | null;
  rank_count: number;
}

/** The next free run id. */
export async function nextRunId(engine: Engine): Promise<number> {
  const r = await engine.query<{ id: number }>(
    "SELECT coalesce(max(run_id), 0)::INTEGER + 1 AS id FROM runs",
  );
  return r[0].id;
}

/** A run with the same content hash, if one exists. */
export async function runByHash(engine: Engine, hash: string): Promise<RunRecord | null> {
  const r = await engine.query<RunRecord & Row>(
    "SELECT run_id, label, source_format, device_name, arch, rank_count FROM runs WHERE content_hash = ? ORDER BY run_id LIMIT 1",
    [hash],
  );
  return r[0] ?? null;
}

/**
 * Resolve a run reference: a numeric id, or a label (the newest run with that
 * label). Unknown references are a usage error listing what exists.
 */
export async function resolveRun(engine: Engine, ref: string): Promise<RunRecord> {
  const cols = "run_id, label, source_format, device_name, arch, rank_count";
  const rows = /^\d+$/.test(ref)
    ? await engine.query<RunRecord & Row>(`SELECT ${cols} FROM runs WHERE run_id = ?`, [
      Number(ref),
    ])
    : await engine.query<RunRecord & Row>(
      `SELECT ${cols} FROM runs WHERE label = ? ORDER BY run_id DESC LIMIT 1`,
      [ref],
    );
  if (!rows.length) {
    const n = await engine.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM runs");
    throw new UsageError(
      `no run '${ref}' in ${engine.path} (${n[0].n} runs; see 'deno task runs')`,
    );
  }
  return rows[0];
}

/** SQL that lists runs with their counts and capture span (used by `deno task runs`). */
export const LIST_RUNS_SQL = `
SELECT r.run_id AS id, r.label, r.source_format AS format, r.device_name AS device, r.arch,
       r.rank_count AS ranks,
       (SELECT count(*) FROM kernel_dispatches d WHERE d.run_id = r.run_id)::BIGINT AS dispatches,
       (SELECT count(*) FROM memory_ops m WHERE m.run_id = r.run_id)::BIGINT AS copies,
       (SELECT count(*) FROM markers k WHERE k.run_id = r.run_id)::BIGINT AS markers,
       round((r.capture_end_ns - r.capture_start_ns) / 1e6, 3)::DOUBLE AS span_ms,
       strftime(r.ingested_at, '%Y-%m-%d %H:%M:%S') AS ingested_at
FROM runs r ORDER BY r.run_id`;
