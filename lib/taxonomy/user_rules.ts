/**
 * User rule sets: reading a `--rules FILE`, and remembering one in the store
 * (table `user_rules`) so every later analysis of that store uses it. User
 * rules outrank the built-in ones whatever their priority.
 *
 * @module
 */
import { resolve } from "node:path";
import type { Engine } from "../db/engine.ts";
import { InputError } from "../cli/errors.ts";
import { checkPatterns } from "./patterns.ts";
import { parseRules, type Rule } from "./rules.ts";

/** A rule set's text and where it came from. */
export interface RuleText {
  source: string;
  body: string;
}

/** Read a rules file; a missing or unreadable file is an InputError. */
export async function readRulesFile(path: string): Promise<RuleText> {
  try {
    return { source: path, body: await Deno.readTextFile(path) };
  } catch (e) {
    throw new InputError(
      path,
      `cannot read the rules file (${e instanceof Error ? e.message.split("\n")[0] : e})`,
    );
  }
}

/** The rule sets remembered in the store, oldest first. */
export async function rememberedRuleSets(engine: Engine): Promise<RuleText[]> {
  const rows = await engine.query<{ source: string; body: string }>(
    "SELECT source, body FROM user_rules ORDER BY added_at, source",
  );
  return rows.map((r) => ({ source: `store:${r.source}`, body: r.body }));
}

/**
 * Validate a rules file and remember it in the store (by absolute path),
 * replacing an earlier copy of the same file. Returns its rules. Call
 * `loadTaxonomy(engine, {})` afterwards to classify with it on an engine that
 * has the taxonomy loaded.
 */
export async function rememberRules(engine: Engine, path: string): Promise<Rule[]> {
  const { body } = await readRulesFile(path);
  const rules = parseRules(body, path);
  await checkPatterns(engine, rules);
  const source = resolve(path);
  await engine.query("DELETE FROM user_rules WHERE source = ?", [source]);
  await engine.query("INSERT INTO user_rules VALUES (?, now()::TIMESTAMP, ?)", [source, body]);
  return rules;
}
