/**
 * `deno task bench [--sizes 100k,1m,10m] [--formats rocprofv3,kineto,rpd]
 * [--engines native,wasm] [--runs 3] [--out .bench] [--quick]`: measure the
 * pipeline on generated traces against the DuckDB floor, print the tables
 * and write `<out>/results.json` and `lib/perf/README-section.md`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { runCommand } from "../cli/main.ts";
import { BENCH_HELP, parseBenchArgs } from "./options.ts";
import { readmeSection, terminalText } from "./render.ts";
import { ROOT, runBench } from "./run.ts";

const README_SECTION = fileURLToPath(new URL("./README-section.md", import.meta.url));

/** Run the bench command; resolves to the exit code. */
export async function benchCommand(argv: string[]): Promise<number> {
  const opts = parseBenchArgs(argv, README_SECTION);
  if (!opts) {
    console.log(BENCH_HELP);
    return 0;
  }
  await Deno.mkdir(opts.out, { recursive: true });
  const command = ["deno task bench", ...argv].join(" ");
  const results = await runBench(opts, command, (line) => console.error(`bench: ${line}`));
  const json = `${opts.out}/results.json`;
  await Deno.writeTextFile(json, JSON.stringify(results, null, 1) + "\n");
  if (opts.readme) {
    await Deno.writeTextFile(opts.readme, readmeSection(results));
    // laid out as `deno fmt` would (the project checks formatting)
    await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", opts.readme], cwd: ROOT })
      .output();
  }
  console.log(terminalText(results));
  console.error(`bench: wrote ${json}${opts.readme ? ` and ${opts.readme}` : ""}`);
  return 0;
}

if (import.meta.main) runCommand(() => benchCommand(Deno.args));
