/**
 * The wrapper every CLI entry point runs in: parse errors become one line and
 * exit 2, unexpected errors one line and exit 70, stack traces only with
 * `TRACEDECK_DEBUG=1`.
 *
 * @module
 */
import { errorLine, exitCodeFor } from "./errors.ts";

/** Run `fn` as a command; its resolved number is the exit code. */
export async function runCommand(fn: () => Promise<number | void>): Promise<never> {
  let code = 0;
  try {
    code = (await fn()) ?? 0;
  } catch (e) {
    console.error(errorLine(e));
    if (Deno.env.get("TRACEDECK_DEBUG") === "1" && e instanceof Error) console.error(e.stack);
    code = exitCodeFor(e);
  }
  Deno.exit(code);
}
