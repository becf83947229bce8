/**
 * Hostile kernel names and run labels (HTML/script injection, markdown table
 * breakers, markdown specials, control characters, an 8 KB name) come out
 * escaped everywhere: markdown tables keep their columns, the HTML and its
 * SVG figures hold no live markup, and a browser shows the names as text
 * without a dialog, an error or a request.
 */
import assert from "node:assert/strict";
import type { InlineCode } from "mdast";
import {
  FILL,
  hipblasltGemm,
  type KernelSpec,
  PAGED_ATTENTION,
  writeTrace,
} from "./kineto_fixture.ts";
import {
  jsonContractProblems,
  liveMarkupProblems,
  markdownTableProblems,
  nodesOf,
  parseMarkdown,
  readReport,
  reportCli,
} from "./report_support.ts";
import { checkPages, needsChromium } from "./browser.ts";

const SCRIPT = "<script>alert(1)</script>";
const IMG = `"><img src=x onerror=alert(1)>`;
const PIPES = "pipe|kernel`with`back``ticks|end";
const SPECIALS = "*bold*_under_[link](x)#hash \\ ~~gone~~";
const NEWLINE = "first line\nsecond|line";
const LONG = "void hostile_long_kernel<" + "T,".repeat(4083) + "U>(int)";
const HOSTILE = [SCRIPT, IMG, PIPES, SPECIALS, NEWLINE, LONG];
/** File name of the hostile trace: its label is an injection attempt too. */
const LABEL = `"><img src=x onerror=alert(2)>`;

function kernels(scale: number): KernelSpec[] {
  return [
    { name: hipblasltGemm(0), us: 30 },
    { name: PAGED_ATTENTION, us: 20 },
    ...HOSTILE.map((name, i) => ({ name, us: scale * (name === LONG ? 40 : 10 + i) })),
    { name: FILL, us: 4 },
  ];
}

/** Every `<svg>…</svg>` of the page. */
function svgs(html: string): string[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

Deno.test(
  "hostile names are escaped in markdown, HTML, SVG figures and JSON, and inert in a browser",
  {
    sanitizeOps: false,
    sanitizeResources: false,
  },
  async () => {
    assert.ok(LONG.length >= 8192);
    const dir = await Deno.makeTempDir({ prefix: "tracedeck-hostile-" });
    try {
      const base = await writeTrace(dir, `${LABEL}.json`, { steps: 6, kernels: kernels(1) });
      const cand = await writeTrace(dir, "cand.json", { steps: 6, kernels: kernels(2) });
      const one = await reportCli([base, "--out", `${dir}/one`]);
      assert.equal(one.code, 0, one.stderr);
      const ab = await reportCli([cand, "--vs", base, "--out", `${dir}/ab`]);
      assert.equal(ab.code, 0, ab.stderr);

      for (const out of ["one", "ab"]) {
        const { md, html, json } = await readReport(`${dir}/${out}`);
        assert.deepEqual(jsonContractProblems(json), [], out);
        assert.equal(json.runs[0].label, LABEL);

        // Markdown: every table row keeps its columns; names survive as code, clipped only when long.
        assert.deepEqual(markdownTableProblems(md), [], out);
        assert.ok(!md.includes("&#x"), "no HTML character references in the markdown");
        const codes = nodesOf<InlineCode>(parseMarkdown(md), "inlineCode").map((c) => c.value);
        for (const name of [SCRIPT, IMG, PIPES, SPECIALS]) {
          if (out === "one") assert.ok(codes.includes(name), `${out}: ${name} as inline code`);
        }
        if (out === "one") {
          assert.ok(codes.includes(NEWLINE.replace("\n", " ")), "newline turned into a space");
          assert.ok(
            codes.some((c) =>
              c.startsWith("void hostile_long_kernel<T,T,") && c.endsWith("…") && c.length < 300
            ),
          );
        }

        // HTML: no live element or handler from the trace, names present as escaped text.
        assert.deepEqual(liveMarkupProblems(html), [], out);
        assert.ok(!/<script/i.test(html), out);
        assert.ok(
          html.includes("&#x3C;script>alert(1)&#x3C;/script>") ||
            html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"),
        );
        assert.ok(
          html.includes("&#x3C;img src=x onerror=alert(2)>") ||
            html.includes("&lt;img src=x onerror=alert(2)&gt;"),
        );
      }

      // JSON keeps full names.
      const { json: oneJson } = await readReport(`${dir}/one`);
      assert.ok(oneJson.decode.most_expensive.name === LONG, "the 8 KB name in full");
      const unmatched = oneJson.unmatched.map((u: { name: string }) => u.name);
      for (const name of HOSTILE) {
        assert.ok(
          unmatched.includes(name),
          `unmatched lists ${name.slice(0, 40)}`,
        );
      }

      // SVG figures: Plot's text goes through linkedom, which escapes it.
      const { html: abHtml } = await readReport(`${dir}/ab`);
      const figures = svgs(abHtml);
      assert.ok(figures.length >= 2, "category and kernel-family figures");
      const family = figures.find((s) => s.includes("alert(1)"));
      assert.ok(family, "the <script> kernel is drawn in the family figure");
      assert.ok(
        family.includes("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped in the SVG text",
      );
      for (const s of figures) assert.ok(!/<script|<img|\son[a-z]+=/i.test(s));
      assert.ok(
        /<figcaption>[^<]*&lt;img src=x onerror=alert\(2\)&gt;/.test(abHtml),
        "caption escapes the label",
      );

      if (!needsChromium()) {
        for (const page of await checkPages([`${dir}/one.html`, `${dir}/ab.html`])) {
          assert.deepEqual(page.dialogs, [], page.path);
          assert.deepEqual(page.live, [], page.path);
          assert.deepEqual(page.errors, [], page.path);
          assert.equal(page.requests.length, 1, page.requests.join(", "));
          assert.ok(page.text.includes(SCRIPT), "the name shows as text");
          assert.ok(page.text.includes(LABEL), "the label shows as text");
        }
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
