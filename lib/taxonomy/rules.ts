/**
 * Reading taxonomy rule files and hint tables (tab-separated, a header line,
 * `#` comment lines) into validated records. Every field is checked here
 * except the regular expressions, which DuckDB's RE2 judges when the rules are
 * loaded (see `checkPatterns` in load.ts). Errors name the file and line.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";
import { CATEGORIES, type Category, COLLECTIVE_OPS, PRECISIONS, SUB_KINDS } from "./vocabulary.ts";

/** One classification rule: a regex over the kernel name and the labels it gives. */
export interface Rule {
  /** Rule id, unique within its file. */
  id: string;
  /** Higher wins among the rules of one tier. */
  priority: number;
  /** RE2 regular expression, searched anywhere in the kernel name. */
  pattern: string;
  category: Category;
  /**
   * Who generated the code (hipBLASLt, CK, Triton, NCCL, torch …), or `auto`
   * for families written in several: queries/taxonomy/kernel_labels.sql then
   * says Triton for a plain identifier, torch for ATen's namespace, else HIP/CUDA.
   */
  backend: string;
  /** Sub-kind where the category has them, else null. */
  sub_kind: string | null;
  /** Collective operation for AllReduce, else null. */
  collective_op: string | null;
  /** Precision the family always has, else null (then a precision hint decides). */
  precision: string | null;
  /** Why the rule exists, for reviewers and `--explain`. */
  note: string;
  /** File the rule came from. */
  source: string;
  /** 1-based line in that file. */
  line: number;
}

/** One hint: a regex over the kernel name and the value it implies (an arch or a precision). */
export interface Hint {
  id: string;
  priority: number;
  pattern: string;
  value: string;
  note: string;
  source: string;
  line: number;
}

/** Columns of a rules file, in the order the built-in file uses. */
const RULE_COLUMNS = [
  "id",
  "priority",
  "pattern",
  "category",
  "backend",
  "sub_kind",
  "collective_op",
  "precision",
  "note",
] as const;

const REQUIRED_RULE_COLUMNS = ["id", "priority", "pattern", "category", "backend"];

/** Columns of a hints file. */
const HINT_COLUMNS = ["id", "priority", "pattern", "value", "note"] as const;

interface Row {
  line: number;
  get(column: string): string;
}

/** Split TSV text into header-keyed rows, skipping blank and `#` lines. */
function readTable(
  text: string,
  source: string,
  known: readonly string[],
  required: readonly string[],
): Row[] {
  const lines = text.split(/\r?\n/);
  let header: string[] | null = null;
  const rows: Row[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const fields = raw.split("\t");
    if (!header) {
      header = fields.map((f) => f.trim());
      for (const h of header) {
        if (!known.includes(h)) {
          throw new InputError(
            source,
            `unknown column '${h}' in the header (expected ${known.join(", ")})`,
            `${i + 1}`,
          );
        }
      }
      for (const r of required) {
        if (!header.includes(r)) {
          throw new InputError(
            source,
            `the header lacks the column '${r}' (expected ${known.join(", ")})`,
            `${i + 1}`,
          );
        }
      }
      continue;
    }
    if (fields.length > header.length) {
      throw new InputError(
        source,
        `${fields.length} tab-separated fields but the header has ${header.length} (a tab inside a field?)`,
        `${i + 1}`,
      );
    }
    const cols = header;
    rows.push({ line: i + 1, get: (c) => (fields[cols.indexOf(c)] ?? "").trim() });
  }
  if (!header) {
    throw new InputError(source, `no header line (expected the columns ${known.join(", ")})`);
  }
  return rows;
}

function fail(source: string, line: number, message: string): never {
  throw new InputError(source, message, String(line));
}

function parseId(row: Row, source: string, seen: Set<string>): string {
  const id = row.get("id");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
    fail(source, row.line, `rule id '${id}' must be letters, digits, '.', '_' or '-'`);
  }
  if (seen.has(id)) fail(source, row.line, `duplicate id '${id}'`);
  seen.add(id);
  return id;
}

function parsePriority(row: Row, source: string): number {
  const text = row.get("priority");
  if (!/^\d{1,7}$/.test(text)) {
    fail(source, row.line, `priority '${text}' must be a whole number from 0 to 9999999`);
  }
  return Number(text);
}

function parsePattern(row: Row, source: string): string {
  const pattern = row.get("pattern");
  if (pattern === "") fail(source, row.line, "empty pattern");
  return pattern;
}

function oneOf(
  row: Row,
  source: string,
  column: string,
  value: string,
  allowed: readonly string[],
): string {
  if (!allowed.includes(value)) {
    fail(source, row.line, `unknown ${column} '${value}' (expected one of ${allowed.join(", ")})`);
  }
  return value;
}

/** Parse and validate a rules file's text (`source` names it in errors). */
export function parseRules(text: string, source: string): Rule[] {
  const seen = new Set<string>();
  return readTable(text, source, RULE_COLUMNS, REQUIRED_RULE_COLUMNS).map((row) => {
    const id = parseId(row, source, seen);
    const priority = parsePriority(row, source);
    const pattern = parsePattern(row, source);
    const category = oneOf(row, source, "category", row.get("category"), CATEGORIES) as Category;
    const backend = row.get("backend");
    if (backend === "") fail(source, row.line, "empty backend");
    const subKinds = SUB_KINDS[category];
    const subKind = row.get("sub_kind");
    if (subKinds.length === 0 && subKind !== "") {
      fail(source, row.line, `category ${category} has no sub-kinds, got '${subKind}'`);
    }
    if (subKinds.length > 0) oneOf(row, source, `${category} sub_kind`, subKind, subKinds);
    const op = row.get("collective_op");
    if (category === "AllReduce") oneOf(row, source, "collective_op", op, COLLECTIVE_OPS);
    else if (op !== "") fail(source, row.line, `collective_op is only for AllReduce, got '${op}'`);
    const precision = row.get("precision");
    if (precision !== "") oneOf(row, source, "precision", precision, PRECISIONS);
    return {
      id,
      priority,
      pattern,
      category,
      backend,
      sub_kind: subKind || null,
      collective_op: op || null,
      precision: precision || null,
      note: row.get("note"),
      source,
      line: row.line,
    };
  });
}

/** Parse and validate a hints file whose values must be among `allowed`. */
export function parseHints(text: string, source: string, allowed: readonly string[]): Hint[] {
  const seen = new Set<string>();
  return readTable(text, source, HINT_COLUMNS, HINT_COLUMNS.slice(0, 4)).map((row) => ({
    id: parseId(row, source, seen),
    priority: parsePriority(row, source),
    pattern: parsePattern(row, source),
    value: oneOf(row, source, "value", row.get("value"), allowed),
    note: row.get("note"),
    source,
    line: row.line,
  }));
}
