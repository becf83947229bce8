/**
 * Triage one server log: stream its lines (gzip handled), remove ANSI colour
 * codes, give each line to the first pattern that matches it, and count
 * matches per pattern with the first occurrence (line number and text).
 *
 * @module
 */
import { probeFile, readLines } from "../ingest/source.ts";
import type { Severity, TriagePattern } from "./patterns.ts";

/** What one pattern found in one log. */
export interface LogFinding {
  /** The log file as given. */
  source_file: string;
  kind: string;
  /** The pattern id. */
  finding: string;
  severity: Severity;
  /** Occurrences; a Ray line "[repeated Nx across cluster]" stands for N. */
  count: number;
  /** 1-based line number of the first occurrence. */
  first_line: number;
  /** The first occurrence, ANSI codes removed, at most 1000 characters. */
  first_text: string;
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const RAY_REPEAT = /\[repeated (\d+)x across cluster\]/;
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The line without ANSI colour codes. */
export function plainLine(line: string): string {
  return line.replace(ANSI, "");
}

/**
 * Findings of `patterns` in the log at `path`, errors first, then by count.
 * A missing or unreadable file is an InputError (from probeFile).
 */
export async function triageLog(
  path: string,
  patterns: readonly TriagePattern[],
): Promise<LogFinding[]> {
  const file = await probeFile(path);
  const found = new Map<string, LogFinding>();
  let n = 0;
  for await (const raw of readLines(file.path, file.gzip)) {
    n++;
    const line = plainLine(raw);
    const p = patterns.find((p) => p.regex.test(line));
    if (!p) continue;
    const repeat = RAY_REPEAT.exec(line);
    const times = repeat ? Number(repeat[1]) : 1;
    const f = found.get(p.id);
    if (f) {
      f.count += times;
    } else {
      found.set(p.id, {
        source_file: path,
        kind: p.kind,
        finding: p.id,
        severity: p.severity,
        count: times,
        first_line: n,
        first_text: line.trim().slice(0, 1000),
      });
    }
  }
  return [...found.values()].sort((a, b) =>
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count ||
    a.first_line - b.first_line
  );
}
