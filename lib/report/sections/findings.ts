/**
 * Report section: findings with severity, evidence and advice.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Finding } from "../../analysis/decode.ts";
import { heading, list, para, strong } from "../doc.ts";

/** Findings, most severe first; says so when there are none. */
export function findingsSection(findings: Finding[], title = "Findings"): RootContent[] {
  if (!findings.length) return [heading(2, title), para("No finding fired.")];
  return [
    heading(2, title),
    list(findings.map((f) => [strong(`[${f.severity.toUpperCase()}] ${f.id}`), `: ${f.message}. `, f.advice])),
  ];
}
