/**
 * Assembling report documents from the analysis: one run, or a baseline vs
 * candidate comparison. Sections live in `sections/`, one per file; each
 * takes the heading depth it starts at, so a run's sections nest under
 * "Baseline" / "Candidate" in a comparison.
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
import { environmentDiffSection, serverLogSection } from "./sections/environment.ts";

/** Title of a one-run report. */
export function runTitle(s: DecodeSummary): string {
  return `tracedeck decode report: ${s.run.label}`;
}

/** Title of a comparison report. */
export function compareTitle(b: DecodeSummary, c: DecodeSummary): string {
  return `tracedeck A/B: ${b.run.label} → ${c.run.label}`;
}

/** The report of one run; `extra` sections go before the provenance. */
export function runReport(s: DecodeSummary, prov: Provenance, extra: RootContent[] = []): Root {
  const decode = s.decode.steps > 0;
  return root([
    heading(1, runTitle(s)),
    ...headerSection(s),
    ...findingsSection(s.findings),
    ...serverLogSection(s),
    // Without a decode step the whole capture is the breakdown, so it comes first.
    ...(decode ? [] : traceSection(s, 2, true)),
    ...breakdownSection(s),
    ...backendsSection(s),
    ...kernelsSection(s),
    ...stepsSection(s),
    ...ranksSection(s),
    ...(decode ? traceSection(s) : []),
    ...unmatchedSection(s),
    ...extra,
    ...provenanceSection(prov, [s]),
  ]);
}

/** One run's part of a comparison, nested under a level-2 heading. */
function runPart(role: string, s: DecodeSummary): RootContent[] {
  return [
    heading(2, `${role}: ${s.run.label}`),
    ...headerSection(s),
    ...findingsSection(s.findings, 3),
    ...serverLogSection(s, 3),
    ...breakdownSection(s, 3, false),
    ...kernelsSection(s, 3),
    ...stepsSection(s, 3),
    ...ranksSection(s, 3),
    ...unmatchedSection(s, 3),
  ];
}

/** The comparison report of baseline `b` and candidate `c`; `extra` sections go before the runs. */
export function compareReport(
  b: DecodeSummary,
  c: DecodeSummary,
  cmp: Comparison,
  prov: Provenance,
  extra: RootContent[] = [],
): Root {
  return root([
    heading(1, compareTitle(b, c)),
    para(
      `Baseline run ${b.run.id} (${b.run.label}) against candidate run ${c.run.id} (${c.run.label}). `,
      `Changes are candidate minus baseline; a regression is the candidate slower by more than ${cmp.threshold_pct}% (and 1 µs per step).`,
    ),
    ...compareSection(b, c, cmp),
    ...environmentDiffSection(b, c),
    ...extra,
    ...runPart("Baseline", b),
    ...runPart("Candidate", c),
    ...provenanceSection(prov, [b, c]),
  ]);
}
