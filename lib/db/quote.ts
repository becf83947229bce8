/**
 * Quoting text into SQL where parameters cannot go (identifiers, table
 * function arguments, SET): DuckDB strings have no backslash escapes, so
 * doubling the quote is the whole rule.
 *
 * @module
 */

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}
