/**
 * Versions for report provenance: the tool's (deno.json) and the taxonomy
 * rules' (a hash of the rules file).
 *
 * @module
 */
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Provenance } from "./sections/provenance.ts";
import type { EngineKind } from "../db/engine.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Provenance for a report made now on this engine. */
export function currentProvenance(engine: EngineKind): Provenance {
  const version =
    (JSON.parse(Deno.readTextFileSync(ROOT + "deno.json")) as { version?: string }).version ??
      "dev";
  let rules = "unknown";
  try {
    rules = createHash("sha256").update(Deno.readTextFileSync(ROOT + "queries/taxonomy/rules.tsv"))
      .digest("hex").slice(0, 12);
  } catch {
    // rules file missing: reported as unknown
  }
  return {
    tool_version: version,
    rules_version: rules,
    generated_at: new Date().toISOString(),
    engine,
  };
}
