/**
 * `deno task classify`: label kernel names with the taxonomy, outside any
 * store. Names come from the arguments, from `--tsv FILE` (a `name` column)
 * or from stdin, one per line; the same SQL as for traces classifies them in
 * an in-memory store.
 *
 * @module
 */
import { parseCommand } from "./args.ts";
import { InputError, UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";
import { formatRows } from "./output.ts";
import type { Row } from "../db/engine.ts";
import { probeFile, readLines } from "../ingest/source.ts";
import {
  classifyNames,
  type ExplainedLabels,
  type NameLabels,
  type RuleMatch,
} from "../taxonomy/classify.ts";

const HELP =
  `Usage: deno task classify [NAME ...] [--tsv FILE] [--rules FILE ...] [--explain] [--json | --csv]

Label GPU kernel names with tracedeck's taxonomy: category (GEMM, Attention,
MoE, AllReduce, Quantization, Other), backend, sub-kind, collective op,
precision, the arch the name shows, and the rule that decided.

Names come from the arguments, from --tsv FILE (tab-separated with a 'name'
column, plain or gzip'd), or else from stdin, one name per line.

Options:
  --tsv FILE      read names from the 'name' column of a TSV file
  --rules FILE    extra rules (same columns as queries/taxonomy/rules.tsv);
                  they outrank the built-in rules; may be repeated
  --explain       also show the deciding rule (file:line, priority) and the
                  runner-up rule
  --json          print a JSON array instead of TSV
  --csv           print CSV instead of TSV
  --engine KIND   native (default) or wasm
  -h, --help      this text

Output is TSV with a header line: category, backend, sub_kind, collective_op,
precision, arch_hint, rule_id, name (empty fields where there is no value).
`;

/** The columns printed, in order; --explain adds the rule columns. */
const COLUMNS = [
  "category",
  "backend",
  "sub_kind",
  "collective_op",
  "precision",
  "arch_hint",
  "rule_id",
];
const EXPLAIN_COLUMNS = ["rule", "runner_up_rule_id", "runner_up"];

/** Names from the 'name' column of a TSV file. */
async function namesFromTsv(path: string): Promise<string[]> {
  const file = await probeFile(path);
  const names: string[] = [];
  let column = -1;
  let line = 0;
  for await (const text of readLines(path, file.gzip)) {
    line++;
    if (column < 0) {
      column = text.split("\t").indexOf("name");
      if (column < 0) {
        throw new InputError(path, "expected a header line with a 'name' column", "1");
      }
      continue;
    }
    if (text === "") continue;
    const name = text.split("\t")[column];
    if (name === undefined) {
      throw new InputError(path, `no 'name' field (column ${column + 1})`, String(line));
    }
    names.push(name);
  }
  if (column < 0) {
    throw new InputError(path, "empty file: expected a header line with a 'name' column");
  }
  return names;
}

/** Names from stdin, one per line (blank lines skipped). */
async function namesFromStdin(): Promise<string[]> {
  const text = await new Response(Deno.stdin.readable).text();
  return text.split(/\r?\n/).filter((l) => l.trim() !== "");
}

/** A rule as one cell: id, where it is written, its priority and labels. */
function ruleCell(m: RuleMatch | null): string | null {
  if (!m) return null;
  const labels = [m.category, m.backend, m.sub_kind ?? m.collective_op].filter((x) => x).join("/");
  return `${m.rule_id} (${m.source}:${m.line}, priority ${m.priority}${
    m.tier > 0 ? ", user rule" : ""
  }) => ${labels}`;
}

/**
 * One output row: the label columns, then the explanation (one text cell per
 * rule, or the rule objects themselves for JSON), then the name.
 */
function outputRow(l: NameLabels | ExplainedLabels, explain: boolean, structured: boolean): Row {
  const row: Row = {};
  for (const c of COLUMNS) row[c] = l[c];
  if (explain) {
    const x = l as ExplainedLabels;
    row.rule = structured ? x.rule : ruleCell(x.rule);
    row.runner_up_rule_id = x.runner_up_rule_id;
    row.runner_up = structured ? x.runner_up : ruleCell(x.runner_up);
  }
  row.name = l.name;
  return row;
}

/** Tab-separated text with a header; tabs and newlines inside values become spaces. */
function toTsv(rows: Row[], columns: string[]): string {
  const cell = (
    v: unknown,
  ) => (v === null || v === undefined ? "" : String(v).replace(/[\t\r\n]/g, " "));
  return [columns.join("\t"), ...rows.map((r) => columns.map((c) => cell(r[c])).join("\t"))].join(
    "\n",
  );
}

if (import.meta.main) {
  runCommand(async () => {
    const { values, positionals } = parseCommand(Deno.args, {
      tsv: { type: "string" },
      rules: { type: "string", multiple: true },
      explain: { type: "boolean" },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (values.db !== undefined) {
      throw new UsageError(
        "classify runs in memory and reads no store: drop --db (rules go in with --rules FILE)",
      );
    }
    if (values.json && values.csv) throw new UsageError("choose one of --json and --csv");
    const names = [...positionals];
    if (values.tsv !== undefined) names.push(...await namesFromTsv(values.tsv));
    if (names.length === 0 && values.tsv === undefined) {
      if (Deno.stdin.isTerminal()) {
        throw new UsageError(
          "no kernel names: give them as arguments, with --tsv FILE, or on stdin (see --help)",
        );
      }
      names.push(...await namesFromStdin());
    }
    if (names.length === 0) throw new UsageError("no kernel names to classify (see --help)");
    const explain = values.explain === true;
    const rulesFiles = (values.rules as string[] | undefined) ?? [];
    const labels = explain
      ? await classifyNames(names, { engine: values.engine, rulesFiles, explain: true })
      : await classifyNames(names, { engine: values.engine, rulesFiles });
    const rows = labels.map((l) => outputRow(l, explain, values.json === true));
    const columns = [...COLUMNS, ...(explain ? EXPLAIN_COLUMNS : []), "name"];
    if (values.json) console.log(formatRows(rows, "json", columns));
    else if (values.csv) console.log(formatRows(rows, "csv", columns));
    else console.log(toTsv(rows, columns));
    return 0;
  });
}
