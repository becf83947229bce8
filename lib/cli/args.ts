/**
 * Shared command-line parsing: `node:util` parseArgs with the options every
 * command has (`--db`, `--engine`, `--json`, `--csv`, `--help`), turning its
 * errors into {@link UsageError}s.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options shared by every command. */
export const COMMON_OPTIONS = {
  db: { type: "string" },
  engine: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/** Parse `argv` with the common options plus `options`; unknown flags are a usage error. */
export function parseCommand<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message.split("\n")[0] : e} (see --help)`);
  }
}

/** Parse repeated `k=v` strings into a record. */
export function parseKeyValues(items: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`${flag} expects key=value, got '${item}'`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** The store path from `--db`, `TRACEDECK_DB`, or `./tracedeck.duckdb`. */
export function storePath(db: string | undefined): string {
  return db ?? Deno.env.get("TRACEDECK_DB") ?? "tracedeck.duckdb";
}
