/**
 * The one generated statement of the taxonomy: run every rule and hint
 * pattern over the pending kernel names (table `taxonomy_pending`, made from
 * the view `taxonomy_pending_names` of queries/taxonomy/tables.sql) and record
 * the matches in `taxonomy_hits`.
 *
 * Each pattern is written into the SQL as a constant. DuckDB compiles a regex
 * that comes from a column once per row, so the natural join
 * `names × rules ON regexp_matches(name, pattern)` took 43 s for 3 000 names ×
 * 300 rules where constant patterns took 1.9 s on the native engine (30 s
 * against 1.7 s on the wasm engine).
 *
 * @module
 */
import { sqlString } from "../db/quote.ts";

/** A pattern to run, with the kind and rank its hits are recorded under. */
export interface RankedPattern {
  /** rule | arch | precision */
  kind: string;
  /** taxonomy_rules.rule_rank or taxonomy_hints.hint_rank */
  rank: number;
  pattern: string;
}

/** Patterns per statement: keeps each statement's plan small. */
const BRANCHES_PER_STATEMENT = 64;

/** The INSERT statements that record every match of `patterns` in taxonomy_hits. */
export function matcherStatements(patterns: readonly RankedPattern[]): string[] {
  const statements: string[] = [];
  for (let i = 0; i < patterns.length; i += BRANCHES_PER_STATEMENT) {
    const branches = patterns.slice(i, i + BRANCHES_PER_STATEMENT).map((p) =>
      `SELECT name_id, ${
        sqlString(p.kind)
      } AS kind, ${p.rank} AS hit_rank FROM taxonomy_pending WHERE regexp_matches(name, ${
        sqlString(p.pattern)
      })`
    );
    statements.push(`INSERT INTO taxonomy_hits\n${branches.join("\nUNION ALL\n")}`);
  }
  return statements;
}
