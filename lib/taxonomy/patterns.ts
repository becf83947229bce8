/**
 * Judging rule and hint patterns with the engine's own RE2, the regex dialect
 * the classification runs in (JavaScript's RegExp accepts and rejects other
 * things), so a bad pattern fails at load with its file and line.
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { InputError } from "../cli/errors.ts";

/** Something with a pattern and where it was written. */
export interface Located {
  pattern: string;
  source: string;
  line: number;
}

/**
 * Throw an InputError naming the file and line of the first pattern RE2
 * rejects. One query checks them all; only on failure is each tried alone.
 */
export async function checkPatterns(engine: Engine, items: readonly Located[]): Promise<void> {
  if (items.length === 0) return;
  await engine.exec("CREATE OR REPLACE TEMP TABLE taxonomy_pattern_check (pattern VARCHAR)");
  try {
    await engine.append("taxonomy_pattern_check", { pattern: items.map((i) => i.pattern) });
    let batchError: unknown;
    try {
      await engine.query(
        "SELECT count(*) AS n FROM taxonomy_pattern_check WHERE regexp_matches('', pattern)",
      );
      return;
    } catch (e) {
      batchError = e;
    }
    for (const item of items) {
      try {
        await engine.query("SELECT regexp_matches('', ?) AS m", [item.pattern]);
      } catch (e) {
        const why = String(e instanceof Error ? e.message : e).split("\n")[0].replace(
          /^[A-Za-z ]*Error: /,
          "",
        );
        throw new InputError(
          item.source,
          `invalid RE2 pattern '${item.pattern}': ${why}`,
          String(item.line),
        );
      }
    }
    throw batchError;
  } finally {
    await engine.exec("DROP TABLE IF EXISTS taxonomy_pattern_check");
  }
}
