/**
 * Error kinds that map to the CLI's exit codes: bad usage or bad input exit 2
 * with one line on stderr; anything else is a bug and exits 70 with the
 * message (and a stack trace when `TRACEDECK_DEBUG=1`).
 *
 * @module
 */

/** The command line itself is wrong (unknown flag, missing argument). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** An input file is missing, unreadable, truncated or not what was expected. */
export class InputError extends Error {
  override name = "InputError";
  /**
   * @param file the offending file
   * @param message what was wrong, phrased as what was expected
   * @param position where in the file (line, byte offset, row), when known
   */
  constructor(readonly file: string, message: string, readonly position?: string) {
    super(`${file}${position ? `:${position}` : ""}: ${message}`);
  }
}

/** Exit code for a failed regression gate. */
export const EXIT_GATE = 1;
/** Exit code for bad usage or bad input. */
export const EXIT_BAD_INPUT = 2;

/** The exit code an error maps to. */
export function exitCodeFor(e: unknown): number {
  return e instanceof UsageError || e instanceof InputError ? EXIT_BAD_INPUT : 70;
}

/** One line describing the error, for stderr. */
export function errorLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return `tracedeck: ${msg.split("\n")[0]}`;
}
