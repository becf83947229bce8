/**
 * Benchmark report section: provenance — tool version, engine, when, and
 * every input file with what it held and each side's content hash.
 *
 * @module
 */
import type { RootContent } from "mdast";
import { code, heading, list, table } from "../doc.ts";
import type { Provenance } from "../sections/provenance.ts";
import type { BenchSide } from "./inputs.ts";
import { count } from "./format.ts";

/** The provenance section. */
export function benchProvenanceSection(p: Provenance, sides: BenchSide[]): RootContent[] {
  return [
    heading(2, "Provenance"),
    list([
      [`tracedeck ${p.tool_version}, ${p.engine} DuckDB engine, generated ${p.generated_at}`],
      ...sides.map((s) => [
        `${s.role} ${s.label}: ${s.paths.length} path(s) given, content sha256 `,
        code(s.content_hash.slice(0, 16)),
      ]),
    ]),
    table(
      [
        { title: "side", align: "left" },
        { title: "file", align: "left" },
        { title: "read as", align: "left" },
        { title: "rows", align: "right" },
      ],
      sides.flatMap((s) => s.files.map((f) => [s.role, code(f.path), f.kind, count(f.rows)])),
    ),
  ];
}
