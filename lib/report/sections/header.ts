/**
 * Report section: the run header (device, arch, ranks, source, capture
 * window, steps used and skipped) and any caveats.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { code, list, num, table } from "../doc.ts";

/** The run's identity and capture facts as a two-column table. */
export function headerSection(s: DecodeSummary): RootContent[] {
  const r = s.run;
  const d = s.decode;
  const rows: [string, string | ReturnType<typeof code>][] = [
    ["run", `${r.id} (${r.label})`],
    ["device", r.device ?? "unknown"],
    ["arch", r.arch ?? "unknown"],
    ["ranks", String(r.ranks)],
    ["source", `${r.source_format}${r.framework ? ` · ${r.framework}` : ""}`],
    ["capture window", r.capture_ms === null ? "–" : `${num(r.capture_ms, 2)} ms`],
    ["kernels · copies · markers", `${num(r.dispatches)} · ${num(r.memory_ops)} · ${num(r.markers)}`],
    [
      "steps",
      `${d.steps} decode used, ${d.skipped} skipped as warm-up; found ${d.found.decode} decode, ${d.found.prefill} prefill, ${d.found.mixed} mixed (from ${d.step_source === "period" ? "the repeating kernel sequence" : d.step_source === "marker" ? "markers" : "nothing"})`,
    ],
  ];
  if (d.batch_size !== null) rows.push(["batch size", String(d.batch_size)]);
  const out: RootContent[] = [table([{ title: "" }, { title: "", align: "left" }], rows.map(([k, v]) => [k, v]))];
  if (s.warnings.length) out.push(list(s.warnings.map((w) => [`⚠ ${w}`])));
  return out;
}
