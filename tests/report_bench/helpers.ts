/**
 * Helpers for the benchmark report tests: running `report --bench` in this
 * process (quick) or through `deno task report` (the CLI hook), reading the
 * NAME.json it wrote, and checks every rendered report must pass.
 *
 * @module
 */
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { ROOT } from "../helpers.ts";
import { benchReportCommand } from "../../lib/cli/report_bench.ts";

/** What one report run left behind. */
export interface ReportRun {
  code: number;
  md: string;
  html: string;
  // deno-lint-ignore no-explicit-any
  json: any;
}

async function readOutputs(out: string, code: number): Promise<ReportRun> {
  const read = (ext: string) => Deno.readTextFile(`${out}.${ext}`).catch(() => "");
  const jsonText = await read("json");
  return {
    code,
    md: await read("md"),
    html: await read("html"),
    json: jsonText ? JSON.parse(jsonText) : null,
  };
}

/** Run `report --bench ARGS --out OUT` in this process. */
export async function benchReport(args: string[], out: string): Promise<ReportRun> {
  const code = await benchReportCommand(["--bench", ...args, "--out", out]);
  return await readOutputs(out, code);
}

/** Run `lib/cli/report.ts --bench ARGS --out OUT` as a command; stderr comes back too. */
export async function benchReportCli(
  args: string[],
  out: string,
): Promise<ReportRun & { stderr: string }> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--no-check",
      `${ROOT}lib/cli/report.ts`,
      "--bench",
      ...args,
      "--out",
      out,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { ...(await readOutputs(out, r.code)), stderr: new TextDecoder().decode(r.stderr) };
}

/** A fresh temporary folder, removed by the returned function. */
export async function tempDir(): Promise<{ dir: string; done: () => Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-report-bench-" });
  return { dir, done: () => Deno.remove(dir, { recursive: true }) };
}

/**
 * The page is self-contained and inert, judged on its parsed DOM: no element
 * that runs or loads anything (script, link, iframe, object, embed, img,
 * image, use), no event-handler attribute, no source or link attribute other
 * than a fragment, and no URL or import in any style.
 */
export function assertSelfContained(html: string): void {
  assert.match(html, /^<!doctype html>/i);
  const { document } = parseHTML(html);
  const banned = document.querySelectorAll(
    "script, link, iframe, object, embed, img, image, use, base",
  );
  assert.equal(banned.length, 0, `no element that runs or loads anything (${banned[0]?.tagName})`);
  for (const el of document.querySelectorAll("*")) {
    for (const { name, value } of el.attributes) {
      assert.ok(!/^on/i.test(name), `no event handler (${el.tagName} ${name})`);
      if (/^(src|srcset|href|xlink:href|action|formaction|poster|data)$/i.test(name)) {
        assert.ok(value.startsWith("#"), `no ${name} outside the page (${el.tagName})`);
      }
      if (name === "style") assert.doesNotMatch(value, /url\(|https?:/i, `style of ${el.tagName}`);
    }
  }
  for (const style of document.querySelectorAll("style")) {
    assert.doesNotMatch(style.textContent ?? "", /url\(|@import|https?:/i, "no URL in CSS");
  }
}
