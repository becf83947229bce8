/**
 * Running a measured child process: wall time from spawn to exit (process
 * start included), and, under `/usr/bin/time` where it exists, the child's
 * user + system CPU time and peak RSS as the kernel counted them.
 *
 * @module
 */

/** What one child process did and cost. */
export interface ChildOutcome {
  /** Exit status 0. */
  ok: boolean;
  /** Exit code (null when killed by a signal). */
  code: number | null;
  /** Wall-clock time from spawn to exit (ms). */
  wall_ms: number;
  /** User + system CPU time of the child (ms), null without /usr/bin/time. */
  cpu_ms: number | null;
  /** Peak RSS of the child (MiB), null without /usr/bin/time. */
  max_rss_mib: number | null;
  /** The child's stdout. */
  stdout: string;
  /** The last line the child wrote to stderr (its error, when it failed). */
  last_error_line: string;
}

const TIME = "/usr/bin/time";
const MARK = "TDBENCH-RUSAGE";

let timeAvailable: boolean | undefined;

function hasTime(): boolean {
  if (timeAvailable === undefined) {
    try {
      timeAvailable = Deno.statSync(TIME).isFile;
    } catch {
      timeAvailable = false;
    }
  }
  return timeAvailable;
}

/** Run `cmd` (program and arguments) in `cwd`; kill it after `timeoutMs`. */
export async function runMeasured(
  cmd: string[],
  opts: { cwd: string; timeoutMs: number; env?: Record<string, string> },
): Promise<ChildOutcome> {
  const timed = hasTime();
  const argv = timed ? [TIME, "-f", `${MARK} %e %U %S %M`, ...cmd] : cmd;
  const t0 = performance.now();
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd: opts.cwd,
    env: opts.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(opts.timeoutMs),
  }).spawn();
  const out = await child.output();
  const wall_ms = performance.now() - t0;
  const stderr = new TextDecoder().decode(out.stderr).split("\n").filter((l) => l.trim());
  let cpu_ms: number | null = null, max_rss_mib: number | null = null;
  const usage = stderr.findLast((l) => l.startsWith(MARK));
  if (usage) {
    const [, , user, sys, rssKb] = usage.split(/\s+/);
    cpu_ms = (Number(user) + Number(sys)) * 1000;
    max_rss_mib = Number(rssKb) / 1024;
  }
  const errors = stderr.filter((l) => !l.startsWith(MARK) && !/exited with non-zero/.test(l));
  return {
    ok: out.success,
    code: out.signal ? null : out.code,
    wall_ms,
    cpu_ms,
    max_rss_mib,
    stdout: new TextDecoder().decode(out.stdout),
    last_error_line: errors.at(-1) ?? (out.signal ? `killed by ${out.signal}` : ""),
  };
}
