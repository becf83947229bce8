/**
 * Classifying a list of kernel names outside any store: the names go into
 * `kernel_names` of an in-memory store and the same SQL as for traces labels
 * them. Used by `deno task classify` and the tests.
 *
 * @module
 */
import type { Row } from "../db/engine.ts";
import { openStore } from "../store/open.ts";
import { loadTaxonomy } from "./load.ts";

/** The labels of one name, as kernel_labels holds them. */
export interface NameLabels extends Row {
  name: string;
  category: string;
  backend: string;
  sub_kind: string | null;
  collective_op: string | null;
  precision: string | null;
  arch_hint: string | null;
  rule_id: string | null;
  runner_up_rule_id: string | null;
}

/** A matching rule as `--explain` shows it. */
export interface RuleMatch extends Row {
  rule_id: string;
  tier: number;
  priority: number;
  category: string;
  backend: string;
  sub_kind: string | null;
  collective_op: string | null;
  note: string;
  source: string;
  line: number;
  pattern: string;
}

/** Labels plus the deciding and runner-up rules. */
export interface ExplainedLabels extends NameLabels {
  rule: RuleMatch | null;
  runner_up: RuleMatch | null;
}

/** Options for {@link classifyNames}. */
export interface ClassifyOptions {
  /** `native` or `wasm` (default: as openEngine decides). */
  engine?: string;
  /** User rule files, outranking the built-ins. */
  rulesFiles?: string[];
}

const LABEL_COLUMNS =
  "name, category, backend, sub_kind, collective_op, precision, arch_hint, rule_id, runner_up_rule_id";

/**
 * Classify names; one result per input name, in input order (duplicates are
 * classified once). With `explain`, each result carries its deciding rule and
 * the runner-up.
 */
export async function classifyNames(
  names: readonly string[],
  opts: ClassifyOptions & { explain: true },
): Promise<ExplainedLabels[]>;
export async function classifyNames(
  names: readonly string[],
  opts?: ClassifyOptions & { explain?: false },
): Promise<NameLabels[]>;
export async function classifyNames(
  names: readonly string[],
  opts: ClassifyOptions & { explain?: boolean } = {},
): Promise<NameLabels[] | ExplainedLabels[]> {
  const distinct = [...new Set(names)];
  const engine = await openStore({ path: ":memory:", engine: opts.engine });
  try {
    await engine.append("kernel_names", { name_id: distinct.map((_, i) => i + 1), name: distinct });
    await loadTaxonomy(engine, { rulesFiles: opts.rulesFiles ?? [] });
    const labels = new Map<string, NameLabels>();
    for (
      const row of await engine.query<NameLabels>(`SELECT ${LABEL_COLUMNS} FROM kernel_labels`)
    ) {
      labels.set(row.name, row);
    }
    if (!opts.explain) return names.map((n) => labels.get(n)!);
    const matches = new Map<string, RuleMatch[]>();
    const rows = await engine.query<RuleMatch & { name: string; place: number }>(
      `SELECT name, place, rule_id, tier, priority, category, backend, sub_kind, collective_op, note, source, line, pattern
       FROM kernel_label_explain ORDER BY place`,
    );
    for (const { name, place: _place, ...match } of rows) {
      if (!matches.has(name)) matches.set(name, []);
      matches.get(name)!.push(match as RuleMatch);
    }
    return names.map((n) => {
      const m = matches.get(n) ?? [];
      return { ...labels.get(n)!, rule: m[0] ?? null, runner_up: m[1] ?? null };
    });
  } finally {
    await engine.close();
  }
}
