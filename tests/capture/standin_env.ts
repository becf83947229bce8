/**
 * Running the capture scripts in tests: a PATH made of chosen stand-in tools
 * (tests/capture/standins/) ahead of the system folders, a clean environment,
 * the host Python, free 127.0.0.1 ports, and a command runner.
 *
 * @module
 */
import { dirname } from "node:path";
import { ROOT } from "../helpers.ts";

/** The capture scripts' folder. */
export const CAPTURE: string = ROOT + "capture/";

/** The stand-in tools' folder. */
export const STANDINS: string = ROOT + "tests/capture/standins/";

/** The real Python interpreter (not a pyenv shim, which would reorder PATH). */
export const PYTHON: string = new TextDecoder().decode(
  new Deno.Command("python3", { args: ["-c", "import sys; print(sys.executable)"] }).outputSync()
    .stdout,
).trim();

/** What a finished command gave. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A folder of links to the named stand-ins (files in tests/capture/standins/,
 * or other executables given as name=path), for the front of PATH.
 */
export async function toolDir(
  tools: string[],
  extra: Record<string, string> = {},
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-tools-" });
  for (const t of tools) await Deno.symlink(STANDINS + t, `${dir}/${t}`);
  for (const [name, target] of Object.entries(extra)) await Deno.symlink(target, `${dir}/${name}`);
  return dir;
}

/**
 * A clean environment: PATH = tools, the Python's folder, /usr/bin, /bin;
 * PYTHON set; pip taken from PATH (the stand-in); no .pyc files written; plus
 * `vars`.
 */
export function cleanEnv(tools: string, vars: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: `${tools}:${dirname(PYTHON)}:/usr/bin:/bin`,
    HOME: Deno.env.get("HOME") ?? "/tmp",
    LANG: "C.UTF-8",
    PYTHON,
    PYTHONDONTWRITEBYTECODE: "1",
    TRACEDECK_PIP: "pip",
    TRACEDECK_FAKE_LIFETIME: "60",
    ...vars,
  };
}

/** Run a command with exactly `env`, from the project root. */
export async function run(cmd: string[], env: Record<string, string>): Promise<Ran> {
  const out = await new Deno.Command(cmd[0], { args: cmd.slice(1), env, clearEnv: true, cwd: ROOT })
    .output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** A TCP port on 127.0.0.1 that is free right now. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Run a Python snippet with arguments and parse its stdout as JSON (an independent count). */
export async function pythonJson<T>(code: string, ...args: string[]): Promise<T> {
  const r = await run([PYTHON, "-c", code, ...args], {
    PATH: "/usr/bin:/bin",
    PYTHONDONTWRITEBYTECODE: "1",
  });
  if (r.code !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
