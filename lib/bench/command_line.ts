/**
 * Reading the flags of a recorded benchmark or server command line
 * (`python3 benchmark_serving.py --request-rate 16 --model=M --ignore-eos`):
 * the vLLM nightly `.commands` sidecars and AIPerf's `cli_command` keep the
 * settings the result JSON leaves out.
 *
 * @module
 */

/** Split a command line into words, honouring single and double quotes. */
export function shellWords(cmd: string): string[] {
  const words: string[] = [];
  for (const m of cmd.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
    words.push(m[1] ?? m[2] ?? m[3]);
  }
  return words;
}

/**
 * The `--flag value`, `--flag=value` and bare `--flag` options of a command
 * line, by flag name without dashes and with `_` for `-` (`request_rate`).
 * Bare flags map to `true`.
 */
export function commandFlags(cmd: string): Map<string, string | true> {
  const out = new Map<string, string | true>();
  const words = shellWords(cmd);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const m = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/.exec(w);
    if (!m) continue;
    const name = m[1].replace(/-/g, "_");
    if (m[2] !== undefined) out.set(name, m[2]);
    else if (i + 1 < words.length && !/^--?[A-Za-z]/.test(words[i + 1])) out.set(name, words[++i]);
    else out.set(name, true);
  }
  return out;
}
