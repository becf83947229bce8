/**
 * Report section: the capture environment — the server-log findings of one
 * run, and, in a comparison, what changed between the two capture manifests
 * (`run.json`: GPU and runtime, packages, environment, tuned configs, shipped
 * kernels).
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { diffManifests } from "../../triage/manifest_diff.ts";
import type { CaptureManifest } from "../../ingest/manifest.ts";
import { clip, code, heading, num, para, table } from "../doc.ts";

const MAX_CHANGES = 80;

/** The server-log findings of a run (nothing when its capture had no log). */
export function serverLogSection(s: DecodeSummary, depth = 2): RootContent[] {
  if (!s.log_findings.length) return [];
  return [
    heading(depth, "Server log"),
    table(
      [
        { title: "severity", align: "left" },
        { title: "kind", align: "left" },
        { title: "pattern", align: "left" },
        { title: "count", align: "right" },
        { title: "first occurrence", align: "left" },
      ],
      s.log_findings.map((l) => [
        l.severity,
        l.kind.replace(/_/g, " "),
        l.finding,
        num(l.count),
        [`${l.source_file.split("/").pop()}:${l.first_line} `, code(clip(l.first_text, 160))],
      ]),
    ),
  ];
}

/** What changed between the baseline's and the candidate's capture manifests. */
export function environmentDiffSection(
  b: DecodeSummary,
  c: DecodeSummary,
  depth = 2,
): RootContent[] {
  if (!b.manifest || !c.manifest) {
    if (!b.manifest && !c.manifest) return [];
    return [
      heading(depth, "Environment"),
      para(
        `Only the ${
          b.manifest ? "baseline" : "candidate"
        } capture has a manifest (run.json); nothing to compare.`,
      ),
    ];
  }
  const changes = diffManifests(
    b.manifest as unknown as CaptureManifest,
    c.manifest as unknown as CaptureManifest,
  );
  if (!changes.length) {
    return [heading(depth, "Environment"), para("The two capture manifests match.")];
  }
  const shown = changes.slice(0, MAX_CHANGES);
  return [
    heading(depth, "Environment"),
    para(
      `${changes.length} difference(s) between the capture manifests (packages, environment, tuned configs, shipped kernels)`,
      changes.length > MAX_CHANGES ? `; the first ${MAX_CHANGES} are listed.` : ".",
    ),
    table(
      [
        { title: "section", align: "left" },
        { title: "item", align: "left" },
        { title: "change", align: "left" },
        { title: "baseline", align: "left" },
        { title: "candidate", align: "left" },
      ],
      shown.map((
        ch,
      ) => [
        ch.section,
        code(clip(ch.key, 80)),
        ch.change,
        clip(ch.before ?? "–", 60),
        clip(ch.after ?? "–", 60),
      ]),
    ),
  ];
}
