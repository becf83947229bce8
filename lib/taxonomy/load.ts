/**
 * Loading the kernel taxonomy onto an engine: the built-in rules
 * (queries/taxonomy/rules.tsv), the rule sets remembered in the store and the
 * `--rules` files, and the arch and precision hints, all validated, into temp
 * tables; then the SQL of queries/taxonomy/ classifies every distinct kernel
 * name once (`kernel_labels`) and labels dispatches by join
 * (`dispatch_labels`, `arch_mismatch`).
 *
 * Ranking: a `--rules` file outranks a remembered set, which outranks the
 * built-ins, whatever the priorities; within one tier the higher priority
 * wins, then the later file, then the earlier line.
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { ARCH_ORDER } from "../arch/devices.ts";
import { readQueryFile } from "../store/query_files.ts";
import { matcherStatements, type RankedPattern } from "./matcher.ts";
import { checkPatterns } from "./patterns.ts";
import { type Hint, parseHints, parseRules, type Rule } from "./rules.ts";
import { readRulesFile, rememberedRuleSets, type RuleText } from "./user_rules.ts";
import { PRECISIONS } from "./vocabulary.ts";

/**
 * The SQL modules that label names and dispatches, in the order they run
 * after queries/taxonomy/tables.sql (each also states its `-- requires:` for
 * the view loader of lib/store/views.ts, which runs them again: they are
 * idempotent and cheap, no regex runs in them).
 */
const LABEL_MODULES = [
  "taxonomy/matches.sql",
  "taxonomy/kernel_labels.sql",
  "taxonomy/dispatch_labels.sql",
  "taxonomy/arch_mismatch.sql",
  "taxonomy/explain.sql",
];

/** Temp tables the taxonomy owns, dropped before a reload. */
const OWNED_TABLES = [
  "kernel_labels",
  "taxonomy_rules",
  "taxonomy_hints",
  "arch_order",
  "taxonomy_names_seen",
  "taxonomy_hits",
  "taxonomy_pending",
];

/** What a loaded engine needs to classify names added later. */
interface Loaded {
  /** The statements that run every pattern over the pending names. */
  matcher: string[];
  /** The rule and hint texts loaded, to tell a reload that changes nothing. */
  fingerprint: string;
}

const loaded = new WeakMap<Engine, Loaded>();

/** Every arch the hints may name. */
const ALL_ARCHS = Object.values(ARCH_ORDER).flat();

/**
 * The arch whose generation an arch-specific NVIDIA variant shares (sm90a is
 * sm90 plus arch-specific instructions, not a newer GPU); the arch itself
 * otherwise.
 */
function archVariantBase(arch: string, archs: readonly string[]): string {
  const base = /^(sm\d+)a$/.exec(arch)?.[1];
  return base && archs.includes(base) ? base : arch;
}

/** A rule with its place in the total order. */
interface RankedRule extends Rule {
  tier: number;
  rank: number;
}

/** Rank rules: tier, then priority, then later set, then earlier line. */
function rankRules(tiers: Rule[][][]): RankedRule[] {
  const all = tiers.flatMap((sets, tier) =>
    sets.flatMap((rules, set) => rules.map((r) => ({ r, tier, set })))
  );
  all.sort((a, b) =>
    a.tier - b.tier || a.r.priority - b.r.priority || a.set - b.set || b.r.line - a.r.line
  );
  return all.map((x, i) => ({ ...x.r, tier: x.tier, rank: i + 1 }));
}

/** Rank the hints of one kind: priority, then earlier line. */
function rankHints(hints: Hint[]): (Hint & { rank: number })[] {
  return [...hints].sort((a, b) => a.priority - b.priority || b.line - a.line).map((h, i) => ({
    ...h,
    rank: i + 1,
  }));
}

/** Every text the taxonomy is built from, each with where it came from. */
interface Texts {
  builtin: RuleText;
  arch: RuleText;
  precision: RuleText;
  remembered: RuleText[];
  files: RuleText[];
}

async function queryText(rel: string): Promise<RuleText> {
  return { source: `queries/${rel}`, body: await readQueryFile(rel) };
}

async function readTexts(engine: Engine, rulesFiles: string[]): Promise<Texts> {
  return {
    builtin: await queryText("taxonomy/rules.tsv"),
    arch: await queryText("taxonomy/arch_hints.tsv"),
    precision: await queryText("taxonomy/precision_hints.tsv"),
    remembered: await rememberedRuleSets(engine),
    files: await Promise.all(rulesFiles.map(readRulesFile)),
  };
}

/** A hint with its kind and place among the hints of that kind. */
type RankedHint = Hint & { kind: string; rank: number };

/** Parse and rank everything; every field and pattern is validated (InputError with file:line). */
async function parseTexts(
  engine: Engine,
  t: Texts,
): Promise<{ rules: RankedRule[]; hints: RankedHint[] }> {
  const rules = rankRules([
    [parseRules(t.builtin.body, t.builtin.source)],
    t.remembered.map((r) => parseRules(r.body, r.source)),
    t.files.map((r) => parseRules(r.body, r.source)),
  ]);
  const hints = [
    ...rankHints(parseHints(t.arch.body, t.arch.source, ALL_ARCHS)).map((h) => ({
      ...h,
      kind: "arch",
    })),
    ...rankHints(parseHints(t.precision.body, t.precision.source, PRECISIONS))
      .map((h) => ({ ...h, kind: "precision" })),
  ];
  await checkPatterns(engine, [...rules, ...hints]);
  return { rules, hints };
}

/** Recreate the taxonomy tables (queries/taxonomy/tables.sql) holding these rules and hints. */
async function writeTables(
  engine: Engine,
  rules: RankedRule[],
  hints: RankedHint[],
): Promise<void> {
  await engine.exec(OWNED_TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join("\n"));
  await engine.exec(await readQueryFile("taxonomy/tables.sql"));
  await engine.append("taxonomy_rules", {
    rule_rank: rules.map((r) => r.rank),
    rule_id: rules.map((r) => r.id),
    tier: rules.map((r) => r.tier),
    priority: rules.map((r) => r.priority),
    pattern: rules.map((r) => r.pattern),
    category: rules.map((r) => r.category),
    backend: rules.map((r) => r.backend),
    sub_kind: rules.map((r) => r.sub_kind),
    collective_op: rules.map((r) => r.collective_op),
    precision: rules.map((r) => r.precision),
    note: rules.map((r) => r.note),
    source: rules.map((r) => r.source),
    line: rules.map((r) => r.line),
  });
  await engine.append("taxonomy_hints", {
    kind: hints.map((h) => h.kind),
    hint_rank: hints.map((h) => h.rank),
    hint_id: hints.map((h) => h.id),
    priority: hints.map((h) => h.priority),
    pattern: hints.map((h) => h.pattern),
    value: hints.map((h) => h.value),
    note: hints.map((h) => h.note),
    source: hints.map((h) => h.source),
    line: hints.map((h) => h.line),
  });
  const order = Object.entries(ARCH_ORDER).flatMap(([vendor, archs]) =>
    archs.map((arch) => ({ vendor, arch, generation: archs.indexOf(archVariantBase(arch, archs)) }))
  );
  await engine.append("arch_order", {
    vendor: order.map((o) => o.vendor),
    arch: order.map((o) => o.arch),
    generation: order.map((o) => o.generation),
  });
}

/**
 * Load the taxonomy and classify the store's kernel names. Without `opts` on
 * an engine that already has it loaded, only names added since are
 * classified (see {@link refreshLabels}). With `opts` the rule sets are read
 * again, `opts.rulesFiles` as the `--rules` tier: when they are the ones
 * already loaded only new names are classified, otherwise everything is
 * reloaded and reclassified. A rule set that does not validate leaves the
 * engine as it was.
 */
export async function loadTaxonomy(
  engine: Engine,
  opts?: { rulesFiles?: string[] },
): Promise<void> {
  if (opts === undefined && loaded.has(engine)) return refreshLabels(engine);
  const texts = await readTexts(engine, opts?.rulesFiles ?? []);
  const fingerprint = JSON.stringify(texts);
  if (loaded.get(engine)?.fingerprint === fingerprint) return refreshLabels(engine);
  const { rules, hints } = await parseTexts(engine, texts);
  loaded.delete(engine);
  await writeTables(engine, rules, hints);
  const patterns: RankedPattern[] = [
    ...rules.map((r) => ({ kind: "rule", rank: r.rank, pattern: r.pattern })),
    ...hints.map((h) => ({ kind: h.kind, rank: h.rank, pattern: h.pattern })),
  ];
  loaded.set(engine, { matcher: matcherStatements(patterns), fingerprint });
  await classifyPending(engine);
  for (const rel of LABEL_MODULES) await engine.exec(await readQueryFile(rel));
}

/**
 * Classify the kernel names added since the taxonomy was loaded (e.g. by a
 * later ingest) and rebuild `kernel_labels`; does nothing when there are none.
 * Loads the taxonomy first on an engine that does not have it.
 */
export async function refreshLabels(engine: Engine): Promise<void> {
  if (!loaded.has(engine)) return loadTaxonomy(engine, {});
  if (await classifyPending(engine)) {
    await engine.exec(await readQueryFile("taxonomy/kernel_labels.sql"));
  }
}

/** Run the patterns over the names not yet seen; true when there were any. */
async function classifyPending(engine: Engine): Promise<boolean> {
  const state = loaded.get(engine)!;
  await engine.exec(
    "CREATE OR REPLACE TEMP TABLE taxonomy_pending AS SELECT * FROM taxonomy_pending_names",
  );
  try {
    const [{ n }] = await engine.query<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM taxonomy_pending",
    );
    if (n === 0) return false;
    for (const statement of state.matcher) await engine.exec(statement);
    await engine.exec("INSERT INTO taxonomy_names_seen SELECT name_id FROM taxonomy_pending");
    return true;
  } finally {
    await engine.exec("DROP TABLE IF EXISTS taxonomy_pending");
  }
}
