/**
 * Assembling report documents from the analysis: one run, or a baseline vs
 * candidate comparison. Sections live in `sections/`, one per file.
 *
 * @module
 */
import type { Root, RootContent } from "mdast";
import type { DecodeSummary } from "../analysis/decode.ts";
import type { Comparison } from "../analysis/compare.ts";
import { heading, para, root } from "./doc.ts";
import { headerSection } from "./sections/header.ts";
import { findingsSection } from "./sections/findings.ts";
import { breakdownSection } from "./sections/breakdown.ts";
import { backendsSection } from "./sections/backends.ts";
import { kernelsSection } from "./sections/kernels.ts";
import { stepsSection } from "./sections/steps.ts";
import { ranksSection } from "./sections/ranks.ts";
import { unmatchedSection } from "./sections/unmatched.ts";
import { traceSection } from "./sections/trace.ts";
import { type Provenance, provenanceSection } from "./sections/provenance.ts";
import { compareSection } from "./sections/compare.ts";

/** The report of one run. */
export function runReport(s: DecodeSummary, prov: Provenance, extra: RootContent[] = []): Root {
  return root([
    heading(1, `tracedeck decode report: ${s.run.label}`),
    ...headerSection(s),
    ...findingsSection(s.findings),
    ...breakdownSection(s),
    ...backendsSection(s),
    ...kernelsSection(s),
    ...stepsSection(s),
    ...ranksSection(s),
    ...unmatchedSection(s),
    ...traceSection(s),
    ...extra,
    ...provenanceSection(prov, [s]),
  ]);
}

/** The comparison report of baseline `b` and candidate `c`. */
export function compareReport(
  b: DecodeSummary,
  c: DecodeSummary,
  cmp: Comparison,
  prov: Provenance,
  extra: RootContent[] = [],
): Root {
  return root([
    heading(1, `tracedeck A/B: ${b.run.label} → ${c.run.label}`),
    para(`Baseline run ${b.run.id} (${b.run.label}) against candidate run ${c.run.id} (${c.run.label}); regressions are changes slower by more than ${cmp.threshold_pct}%.`),
    ...compareSection(b, c, cmp),
    ...extra,
    heading(2, `Baseline: ${b.run.label}`),
    ...headerSection(b),
    ...findingsSection(b.findings, "Baseline findings"),
    ...breakdownSection(b),
    ...kernelsSection(b),
    heading(2, `Candidate: ${c.run.label}`),
    ...headerSection(c),
    ...findingsSection(c.findings, "Candidate findings"),
    ...breakdownSection(c),
    ...kernelsSection(c),
    ...stepsSection(c),
    ...ranksSection(c),
    ...unmatchedSection(c),
    ...provenanceSection(prov, [b, c]),
  ]);
}
