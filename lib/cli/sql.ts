/**
 * `deno task sql "<query>"` or `deno task sql queries/<file>.sql`: run SQL
 * against the store with every analysis view loaded.
 *
 * @module
 */
import { parseCommand, parseKeyValues, storePath } from "./args.ts";
import { InputError, UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";
import { formatRows, outputMode } from "./output.ts";
import { openStore } from "../store/open.ts";
import { rememberRules } from "../taxonomy/user_rules.ts";
import { loadViews } from "../store/views.ts";

const HELP =
  `Usage: deno task sql "<query>" | <file.sql> [--param k=v ...] [--db PATH] [--json | --csv]

Run SQL against the store, with the analysis views of queries/ loaded. A file
may hold several statements; the rows of the last one are printed. Named
parameters ($name) take values from --param name=value. --rules FILE adds
taxonomy rules (outranking the built-in ones) and remembers them in the store.
`;

if (import.meta.main) {
  runCommand(async () => {
    const { values, positionals } = parseCommand(Deno.args, {
      param: { type: "string", multiple: true },
      rules: { type: "string", multiple: true },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length !== 1) {
      throw new UsageError("sql needs exactly one query or .sql file (see --help)");
    }
    let sql = positionals[0];
    if (/\.sql$/i.test(sql)) {
      try {
        sql = await Deno.readTextFile(sql);
      } catch {
        throw new InputError(positionals[0], "no such SQL file");
      }
    }
    const params = parseKeyValues(values.param as string[] | undefined, "--param");
    const engine = await openStore({ path: storePath(values.db), engine: values.engine });
    try {
      for (const f of (values.rules as string[] | undefined) ?? []) await rememberRules(engine, f);
      await loadViews(engine);
      const statements = splitStatements(sql);
      for (const s of statements.slice(0, -1)) await engine.exec(s);
      const last = statements.at(-1) ?? "";
      let rows;
      try {
        const bound = bindNamedParams(last, params);
        rows = await engine.query(bound.sql, bound.args);
      } catch (e) {
        throw new UsageError(
          `SQL error: ${String(e instanceof Error ? e.message : e).split("\n")[0]}`,
        );
      }
      console.log(formatRows(rows, outputMode(values)));
    } finally {
      await engine.close();
    }
  });
}

/** Split SQL text into statements on semicolons outside quotes and comments. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const j = end < 0 ? sql.length : end + 1;
      cur += sql.slice(i, j);
      i = j;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
      cur += "\n";
    } else if (c === ";") {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
      i++;
    } else {
      cur += c;
      i++;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * Turn `$name` placeholders (outside quotes) into positional `?` parameters
 * bound to the values of `params`; the values are never spliced into the SQL.
 */
export function bindNamedParams(
  sql: string,
  params: Record<string, string>,
): { sql: string; args: string[] } {
  const args: string[] = [];
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const j = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, j);
      i = j;
      continue;
    }
    const m = c === "$" ? /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(i)) : null;
    if (m && m[1] in params) {
      out += "?";
      args.push(params[m[1]]);
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return { sql: out, args };
}
