/**
 * Report section: the run header (device, arch, ranks, source, capture
 * window, steps used and skipped) and any caveats.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { type Cell, list, num, plural, table } from "../doc.ts";

function stepSource(source: string): string {
  return source === "period"
    ? "the repeating kernel sequence"
    : source === "marker"
    ? "markers"
    : "nothing";
}

/** The run's identity and capture facts as a two-column table headed by the run. */
export function headerSection(s: DecodeSummary): RootContent[] {
  const r = s.run;
  const d = s.decode;
  const rows: Cell[][] = [
    ["device", r.device ?? "unknown"],
    [
      "arch",
      r.arch
        ? (r.arch_source === "kernel names"
          ? `${r.arch} (from kernel names; the trace does not record the device)`
          : r.arch)
        : "unknown",
    ],
    ["ranks", String(r.ranks)],
    ["source", `${r.source_format}${r.framework ? ` · ${r.framework}` : ""}`],
    ["capture window", r.capture_ms === null ? "–" : `${num(r.capture_ms, 2)} ms`],
    [
      "kernels · copies · markers",
      `${num(r.dispatches)} · ${num(r.memory_ops)} · ${num(r.markers)}`,
    ],
    [
      "steps",
      `${d.steps} decode used, ${d.skipped} skipped as warm-up; found ${
        plural(d.found.decode, "decode step")
      }, ` +
      `${num(d.found.prefill)} prefill, ${num(d.found.mixed)} mixed (from ${
        stepSource(d.step_source)
      })`,
    ],
  ];
  if (d.batch_size !== null) rows.push(["batch size", num(d.batch_size)]);
  const out: RootContent[] = [
    table(
      [{ title: "run", align: "left" }, { title: `${r.id} · ${r.label}`, align: "left" }],
      rows,
    ),
  ];
  if (s.warnings.length) out.push(list(s.warnings.map((w) => [`⚠ ${w}`])));
  return out;
}
