/**
 * The documents a notebook shows for the decode analysis, assembled from the
 * report's own sections (lib/report/sections/): one run's summary, its
 * findings, and an A/B comparison. Each result keeps its data beside its
 * display.
 *
 * @module
 */
import type { DecodeSummary, Finding } from "../analysis/decode.ts";
import type { Comparison } from "../analysis/compare.ts";
import { heading, para, root } from "../report/doc.ts";
import { headerSection } from "../report/sections/header.ts";
import { findingsSection } from "../report/sections/findings.ts";
import { breakdownSection } from "../report/sections/breakdown.ts";
import { backendsSection } from "../report/sections/backends.ts";
import { kernelsSection } from "../report/sections/kernels.ts";
import { stepsSection } from "../report/sections/steps.ts";
import { ranksSection } from "../report/sections/ranks.ts";
import { compareSection } from "../report/sections/compare.ts";
import { ReportDocument } from "./document.ts";

/** One run's decode summary: the data, displayed as the report's run sections. */
export class RunSummary extends ReportDocument {
  /** The summary as lib/analysis/decode.ts computes it. */
  readonly data: DecodeSummary;

  /** Build the document of a summary. */
  constructor(data: DecodeSummary) {
    super(root([
      heading(2, `Decode summary: ${data.run.label}`),
      ...headerSection(data),
      ...findingsSection(data.findings),
      ...breakdownSection(data),
      ...backendsSection(data),
      ...kernelsSection(data),
      ...stepsSection(data),
      ...ranksSection(data),
    ]));
    this.data = data;
  }
}

/** One run's findings, most severe first. */
export class RunFindings extends ReportDocument {
  /** The findings. */
  readonly findings: Finding[];

  /** Build the findings list of a summary. */
  constructor(data: DecodeSummary) {
    super(root(findingsSection(data.findings, 2, `Findings: ${data.run.label}`)));
    this.findings = data.findings;
  }
}

/** An A/B comparison: the data, displayed as the report's comparison section. */
export class RunComparison extends ReportDocument {
  /** The comparison as lib/analysis/compare.ts computes it. */
  readonly data: Comparison;

  /** Build the document of a comparison of baseline `b` and candidate `c`. */
  constructor(b: DecodeSummary, c: DecodeSummary, data: Comparison) {
    super(root([
      heading(2, `A/B: ${b.run.label} → ${c.run.label}`),
      para(
        `Baseline run ${b.run.id} against candidate run ${c.run.id}; regressions are changes slower by more than ${data.threshold_pct}%.`,
      ),
      ...compareSection(b, c, data),
    ]));
    this.data = data;
  }
}
