/**
 * Helpers for the generator tests: small generations into temporary folders
 * and running python3 / sqlite3 to count what the files hold by a route
 * independent of the generator.
 *
 * @module
 */
import { join } from "node:path";
import { GEN_DEFAULTS, generate, type GenOptions, type GenResult } from "../../lib/gen/mod.ts";

/** Generate into a fresh temporary folder; `out` is relative to it. */
export async function genTemp(
  opts: Partial<GenOptions> & Pick<GenOptions, "format">,
  out = "trace",
): Promise<GenResult & { dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-gen-" });
  const result = await generate({
    ...GEN_DEFAULTS,
    model: "llama-8b",
    dispatches: 4000,
    ...opts,
    out: join(dir, out),
  });
  return { ...result, dir };
}

/** Run a command and return its stdout; a non-zero exit fails with its stderr. */
export async function run(cmd: string, args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${cmd} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/** Run a python3 script (given on stdin) with arguments; parse its stdout as JSON. */
export async function python<T>(script: string, args: string[]): Promise<T> {
  return JSON.parse(await run("python3", ["-", ...args], script)) as T;
}

/** One sqlite3 CLI query against `db`, rows as arrays of strings. */
export async function sqlite(db: string, sql: string): Promise<string[][]> {
  const text = await run("sqlite3", ["-readonly", "-separator", "\t", db, sql]);
  return text.split("\n").filter((l) => l.length).map((l) => l.split("\t"));
}
