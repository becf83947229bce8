/**
 * Report test support: running the report CLI as a process, reading its
 * three outputs, and the checks every report must pass — GFM tables whose
 * rows keep their column count, HTML without live markup or external URLs,
 * and the NAME.json contract.
 *
 * @module
 */
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import type { Root, RootContent, Table } from "mdast";
import { parseHTML } from "linkedom";
import { ROOT } from "../helpers.ts";

/** Exit status and output of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `deno task report`'s entry point with `args` as a separate process. */
export async function reportCli(args: string[]): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${ROOT}lib/cli/report.ts`, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** stderr without Deno's own npm set-up warnings (not the tool's output). */
export function toolStderr(stderr: string): string[] {
  return stderr.split("\n").filter((l) =>
    l.trim() && !/^Warning\b|Trying to set up '.*' bin/.test(l)
  );
}

/** The three files of a report written to `out`. */
export interface ReportFiles {
  md: string;
  html: string;
  // deno-lint-ignore no-explicit-any -- the JSON is checked field by field by the tests
  json: any;
}

/** Read `out`.md/.html/.json. */
export async function readReport(out: string): Promise<ReportFiles> {
  return {
    md: await Deno.readTextFile(`${out}.md`),
    html: await Deno.readTextFile(`${out}.html`),
    json: JSON.parse(await Deno.readTextFile(`${out}.json`)),
  };
}

/** Assert `actual` is within `eps` of `expected`. */
export function near(actual: number, expected: number, eps = 1e-6, what = ""): void {
  if (!(Math.abs(actual - expected) <= eps)) {
    throw new Error(`${what ? what + ": " : ""}expected ${expected} ± ${eps}, got ${actual}`);
  }
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Pipes in a markdown line that are cell separators (not escaped with a backslash). */
function separators(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "|") n++;
  }
  return n;
}

/** The mdast of a markdown document (GFM). */
export function parseMarkdown(md: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
}

/** Every node of a type in the tree. */
export function nodesOf<T extends RootContent>(tree: Root | RootContent, type: string): T[] {
  const out: T[] = [];
  const walk = (n: Root | RootContent) => {
    if (n.type === type) out.push(n as T);
    if ("children" in n) { for (const c of n.children) walk(c as RootContent); }
  };
  walk(tree);
  return out;
}

/**
 * What is wrong with the markdown's tables: a row whose count of unescaped
 * pipes differs from its header's, a table block GFM does not parse as one
 * table, or a parsed row with a different number of cells.
 */
export function markdownTableProblems(md: string): string[] {
  const problems: string[] = [];
  const lines = md.split("\n");
  let blocks = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("|")) continue;
    blocks++;
    const want = separators(lines[i]);
    for (; i < lines.length && lines[i].startsWith("|"); i++) {
      if (separators(lines[i]) !== want) {
        problems.push(`line ${i + 1}: ${separators(lines[i])} separators, header has ${want}`);
      }
    }
    if (i < lines.length && lines[i].trim() !== "") {
      problems.push(`line ${i + 1}: table row not starting with |`);
    }
  }
  const tables = nodesOf<Table>(parseMarkdown(md), "table");
  if (tables.length !== blocks) {
    problems.push(`${blocks} table blocks but ${tables.length} parsed tables`);
  }
  for (const t of tables) {
    for (const row of t.children) {
      if (row.children.length !== t.align?.length) {
        problems.push(
          `parsed row with ${row.children.length} cells in a ${t.align?.length}-column table`,
        );
      }
    }
  }
  return problems;
}

/** Elements that run code or load something when a page is opened. */
const LIVE_ELEMENTS =
  "script, img, iframe, frame, object, embed, link, base, audio, video, source, image, use, foreignObject";

/**
 * Live markup or external references in a report page, found by parsing it
 * (linkedom's HTML parser): elements that run or load something, event-handler
 * attributes, and URLs other than in-page fragments and data: in src/href.
 */
export function liveMarkupProblems(html: string): string[] {
  const { document } = parseHTML(html);
  const problems: string[] = [];
  for (const el of document.querySelectorAll(LIVE_ELEMENTS)) {
    problems.push(`element <${el.tagName.toLowerCase()}>`);
  }
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) problems.push(`<${el.tagName.toLowerCase()} ${a.name}=…>`);
      if (
        /^(src|href|xlink:href|action|formaction)$/i.test(a.name) &&
        !/^(#|data:)/.test(a.value.trim())
      ) {
        problems.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`);
      }
    }
  }
  return problems;
}

const isNum = (v: unknown) => typeof v === "number" && Number.isFinite(v);
const isNumOrNull = (v: unknown) => v === null || isNum(v);
const isPct = (v: unknown) => isNum(v) && (v as number) >= -1e-9 && (v as number) <= 100 + 1e-9;

/** Departures of a NAME.json from the documented contract (empty when it holds). */
// deno-lint-ignore no-explicit-any -- walks untyped JSON
export function jsonContractProblems(j: any): string[] {
  const p: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) p.push(what);
  };
  need(j.schema === "tracedeck.report/1", `schema is ${j.schema}`);
  need(Array.isArray(j.runs) && j.runs.length >= 1, "runs[] missing");
  for (const r of j.runs ?? []) {
    need(
      Number.isInteger(r.id) && typeof r.label === "string",
      `run id/label: ${JSON.stringify([r.id, r.label])}`,
    );
    need(r.device === null || typeof r.device === "string", `run ${r.id} device`);
    need(r.arch === null || typeof r.arch === "string", `run ${r.id} arch`);
    need(Number.isInteger(r.ranks) && r.ranks >= 1, `run ${r.id} ranks ${r.ranks}`);
  }
  const d = j.decode;
  need(
    Number.isInteger(d?.steps) && d.steps >= 0 && Number.isInteger(d?.skipped) && d.skipped >= 0,
    "decode steps/skipped",
  );
  need(
    isNumOrNull(d?.step_us?.median) && isNumOrNull(d?.step_us?.p90) &&
      isNumOrNull(d?.busy_us?.median),
    "decode step_us/busy_us",
  );
  need(d?.idle_pct === null || isPct(d?.idle_pct), `decode idle_pct ${d?.idle_pct}`);
  for (const c of d?.categories ?? []) {
    need(
      typeof c.category === "string" && isPct(c.pct) && isNum(c.us_per_step) && c.us_per_step >= 0,
      `category ${JSON.stringify(c)}`,
    );
  }
  for (const b of d?.backends ?? []) {
    need(
      typeof b.category === "string" && typeof b.backend === "string" && isPct(b.pct),
      `backend ${JSON.stringify(b)}`,
    );
  }
  for (const k of d?.top_kernels ?? []) {
    need(
      typeof k.name === "string" && typeof k.category === "string" &&
        typeof k.backend === "string" && isPct(k.pct) &&
        isNum(k.us_per_step) && isNum(k.calls_per_step),
      `top kernel ${JSON.stringify(k).slice(0, 200)}`,
    );
  }
  need(d?.most_expensive === null || typeof d?.most_expensive?.name === "string", "most_expensive");
  if (d?.steps > 0) {
    const sum = d.categories.reduce((a: number, c: { pct: number }) => a + c.pct, 0);
    need(Math.abs(sum - 100) < 0.5, `category shares sum to ${sum}`);
    need(
      d.step_us.median > 0 && d.busy_us.median > 0 && d.busy_us.median <= d.step_us.median * 1.0001,
      "busy ≤ step",
    );
  }
  for (const f of j.findings ?? []) {
    need(
      typeof f.id === "string" && ["high", "medium", "low"].includes(f.severity) &&
        typeof f.message === "string",
      `finding ${JSON.stringify(f)}`,
    );
  }
  need(Array.isArray(j.findings), "findings[] missing");
  if (j.compare) {
    const c = j.compare;
    need(
      isNum(c.threshold_pct) && isNumOrNull(c.step_delta_pct) && isNumOrNull(c.busy_delta_pct),
      "compare deltas",
    );
    need(typeof c.regression === "boolean", "compare.regression");
    for (const r of c.categories) {
      need(
        typeof r.category === "string" && isNum(r.base_us) && isNum(r.cand_us) &&
          isNumOrNull(r.delta_pct) &&
          typeof r.regression === "boolean",
        `compare category ${JSON.stringify(r)}`,
      );
    }
    need(Array.isArray(c.kernels_new) && Array.isArray(c.kernels_vanished), "kernels_new/vanished");
    need(
      Array.isArray(c.backend_shifts) && Array.isArray(c.regressions),
      "backend_shifts/regressions",
    );
  }
  return p;
}
