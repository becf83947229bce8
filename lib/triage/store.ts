/**
 * Storing log-triage findings of a run in the log_findings table.
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import type { LogFinding } from "./scan.ts";

/** Append findings for run `runId`; returns how many rows were written. */
export async function storeFindings(
  engine: Engine,
  runId: number,
  findings: readonly LogFinding[],
): Promise<number> {
  if (!findings.length) return 0;
  await engine.append("log_findings", {
    run_id: findings.map(() => runId),
    source_file: findings.map((f) => f.source_file),
    kind: findings.map((f) => f.kind),
    finding: findings.map((f) => f.finding),
    severity: findings.map((f) => f.severity),
    count: findings.map((f) => f.count),
    first_line: findings.map((f) => f.first_line),
    first_text: findings.map((f) => f.first_text),
  });
  return findings.length;
}
