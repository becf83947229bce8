/**
 * The server-log triage patterns: read from a TSV (`lib/triage/patterns.tsv`
 * by default) so the list is data, readable in a diff.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { InputError } from "../cli/errors.ts";

/** How bad a finding is. */
export type Severity = "error" | "warning" | "info";

/** One triage pattern. */
export interface TriagePattern {
  /** Stable id, stored as log_findings.finding. */
  id: string;
  /** Finding kind: jit_build_failure, jit_build, fallback, unsupported_arch, oom, preemption, nccl_error. */
  kind: string;
  severity: Severity;
  /** Compiled from the TSV's pattern column, case-insensitive. */
  regex: RegExp;
  /** What a match means, for people. */
  what: string;
}

/** Path of the built-in pattern list. */
export const DEFAULT_PATTERNS: string = fileURLToPath(new URL("./patterns.tsv", import.meta.url));

const COLUMNS = ["id", "kind", "severity", "pattern", "what"];
const SEVERITIES = new Set(["error", "warning", "info"]);

/** Parse pattern TSV text; `file` names it in errors. Lines starting with # are comments. */
export function parsePatterns(text: string, file: string): TriagePattern[] {
  const out: TriagePattern[] = [];
  let header: string[] | null = null;
  const ids = new Set<string>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (!line.trim() || line.startsWith("#")) return;
    const cells = line.split("\t");
    if (!header) {
      header = cells;
      if (COLUMNS.some((c, j) => header![j] !== c)) {
        throw new InputError(
          file,
          `expected the header '${COLUMNS.join("<TAB>")}'`,
          `line ${i + 1}`,
        );
      }
      return;
    }
    if (cells.length !== COLUMNS.length) {
      throw new InputError(
        file,
        `expected ${COLUMNS.length} tab-separated columns, found ${cells.length}`,
        `line ${i + 1}`,
      );
    }
    const [id, kind, severity, pattern, what] = cells;
    if (!SEVERITIES.has(severity)) {
      throw new InputError(
        file,
        `severity must be error, warning or info, not '${severity}'`,
        `line ${i + 1}`,
      );
    }
    if (ids.has(id)) {
      throw new InputError(file, `pattern id '${id}' appears twice`, `line ${i + 1}`);
    }
    ids.add(id);
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, "i");
    } catch (e) {
      throw new InputError(
        file,
        `not a valid regular expression (${(e as Error).message})`,
        `line ${i + 1}`,
      );
    }
    out.push({ id, kind, severity: severity as Severity, regex, what });
  });
  if (!header) throw new InputError(file, `expected a header line '${COLUMNS.join("<TAB>")}'`);
  return out;
}

/** Load a pattern TSV (the built-in list by default). */
export async function loadPatterns(path: string = DEFAULT_PATTERNS): Promise<TriagePattern[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    throw new InputError(path, "cannot read the triage pattern file");
  }
  return parsePatterns(text, path);
}
