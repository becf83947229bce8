/**
 * A progress line on stderr for work longer than about a second, shown only
 * when stderr is a terminal.
 *
 * @module
 */

/** A progress reporter; `done()` clears the line. */
export interface Progress {
  update(text: string): void;
  done(): void;
}

/** Start a progress line that first appears after `delayMs` (default 1000). */
export function progress(delayMs = 1000): Progress {
  const tty = Deno.stderr.isTerminal();
  const started = performance.now();
  let shown = false;
  const enc = new TextEncoder();
  return {
    update(text) {
      if (!tty || performance.now() - started < delayMs) return;
      shown = true;
      Deno.stderr.writeSync(enc.encode(`\r\x1b[K${text}`));
    },
    done() {
      if (shown) Deno.stderr.writeSync(enc.encode("\r\x1b[K"));
    },
  };
}
