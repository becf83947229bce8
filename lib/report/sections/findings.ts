/**
 * Report section: findings with severity, evidence and advice.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Finding } from "../../analysis/decode.ts";
import { br, heading, list, para, strong } from "../doc.ts";

/** Findings, most severe first (the summary's order); says so when there are none. */
export function findingsSection(findings: Finding[], depth = 2, title = "Findings"): RootContent[] {
  if (!findings.length) return [heading(depth, title), para("No finding fired.")];
  return [
    heading(depth, title),
    list(findings.map((f) => [
      strong(`${f.severity.toUpperCase()} ${f.id}`, `sev-${f.severity}`),
      `: ${f.message}.`,
      br(),
      f.advice,
    ])),
  ];
}
