/**
 * Report section: provenance — tool and rules versions, inputs and their
 * hashes, when the report was made.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { DecodeSummary } from "../../analysis/decode.ts";
import { code, heading, list } from "../doc.ts";

/** Versions that produced a report. */
export interface Provenance {
  /** tracedeck's version (deno.json). */
  tool_version: string;
  /** First 12 hex digits of the SHA-256 of the built-in taxonomy rules. */
  rules_version: string;
  /** When the report was made (ISO 8601, UTC). */
  generated_at: string;
  /** DuckDB engine: native or wasm. */
  engine: string;
}

/** Provenance list for the runs in a report. */
export function provenanceSection(p: Provenance, runs: DecodeSummary[]): RootContent[] {
  return [
    heading(2, "Provenance"),
    list([
      [`tracedeck ${p.tool_version}, taxonomy rules ${p.rules_version}, ${p.engine} DuckDB engine, generated ${p.generated_at}`],
      ...runs.flatMap((s) =>
        s.run.source_files.map((f) => [
          `run ${s.run.id} input `,
          code(f),
          ` (${s.run.source_format}, sha256 `,
          code(s.run.content_hash.slice(0, 16)),
          ")",
        ])
      ),
    ]),
  ];
}
