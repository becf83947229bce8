/**
 * The native engine's working-memory cap. DuckDB on its own takes up to 80%
 * of RAM before it spills; tracedeck caps it (3 GiB by default, or
 * `TRACEDECK_MEMORY_LIMIT`, e.g. `8GiB`, `500MB` or `50%` of RAM) so that a capture of tens of
 * millions of dispatches spills sorts and tables to a temporary folder
 * instead of taking the machine. In-memory stores spill under the system's
 * temporary folder, not the working directory.
 *
 * @module
 */
import { tmpdir, totalmem } from "node:os";
import type { Engine } from "./engine.ts";
import { sqlString } from "./quote.ts";
import { UsageError } from "../cli/errors.ts";

/** The cap when `TRACEDECK_MEMORY_LIMIT` is not set. */
export const DEFAULT_MEMORY_LIMIT = "3GiB";

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)\s*$/i;

/** The cap asked for (`TRACEDECK_MEMORY_LIMIT` or the default), as DuckDB spells it. */
export function requestedMemoryLimit(): string {
  const text = Deno.env.get("TRACEDECK_MEMORY_LIMIT") ?? DEFAULT_MEMORY_LIMIT;
  const m = SIZE.exec(text);
  if (!m || Number(m[1]) <= 0 || (m[2] === "%" && Number(m[1]) > 100)) {
    throw new UsageError(
      `TRACEDECK_MEMORY_LIMIT expects a size like 3GiB, 500MB or 50%, got '${text}'`,
    );
  }
  if (m[2] === "%") return `${Math.floor((totalmem() * Number(m[1])) / 100 / 2 ** 20)}MiB`;
  return `${m[1]}${m[2]}`;
}

/** Apply the cap (and, for an in-memory store, the spill folder) to a native engine. */
export async function applyMemoryLimit(engine: Engine): Promise<void> {
  // SET takes no parameters: the size is validated above, the folder quoted
  let sql = `SET memory_limit = '${requestedMemoryLimit()}'`;
  if (engine.path === ":memory:") {
    const spill = `${tmpdir()}/tracedeck-${Deno.pid}.tmp`;
    sql += `; SET temp_directory = ${sqlString(spill)}`;
  }
  await engine.exec(sql);
}
