/**
 * Strings from the inputs stay inert: a `<script>` label and a model name
 * with `|`, backticks and an `<img onerror>` come out escaped in the
 * markdown (tables keep their columns) and in the HTML (no element is made
 * of them), and verbatim in the JSON.
 */
import assert from "node:assert/strict";
import { assertSelfContained, benchReport, tempDir } from "./helpers.ts";

const LABEL = '<script>alert("label")</script>|`x`';
const MODEL = "evil|`model`<img src=x onerror=alert(1)>";

/** A minimal `vllm bench serve` result. */
function result(concurrency: number, tput: number): Record<string, unknown> {
  return {
    date: "20260101-120000",
    backend: "vllm",
    model_id: MODEL,
    num_prompts: 100,
    request_rate: "inf",
    max_concurrency: concurrency,
    duration: 10,
    completed: 100,
    failed: 0,
    total_input_tokens: 102400,
    total_output_tokens: 12800,
    request_throughput: 10,
    output_throughput: tput,
    total_token_throughput: tput * 9,
    median_ttft_ms: 100,
    p99_ttft_ms: 200,
    median_tpot_ms: 20,
    p99_tpot_ms: 30,
  };
}

Deno.test("hostile labels and model names stay inert in markdown, HTML and SVG", async () => {
  const { dir, done } = await tempDir();
  try {
    await Deno.writeTextFile(`${dir}/a.json`, JSON.stringify(result(4, 400)));
    await Deno.writeTextFile(`${dir}/b.json`, JSON.stringify(result(4, 300)));
    const r = await benchReport(
      [`${dir}/b.json`, "--vs", `${dir}/a.json`, "--label", LABEL, "--vs-label", "base`|"],
      `${dir}/out`,
    );
    assert.equal(r.code, 0);
    assert.equal(r.json.comparison.candidate, LABEL);
    assert.equal(r.json.tables[0].rows[0].model, MODEL);

    // markdown: nothing that renders as HTML, and every table row keeps its column count
    assert.doesNotMatch(
      r.md,
      /(^|[^\\])<(script|img|\/script)/m,
      "every < before a tag name is escaped",
    );
    assert.ok(r.md.includes("\\<script>"));
    for (const block of r.md.split("\n\n").filter((b) => b.startsWith("|"))) {
      const lines = block.split("\n").filter(Boolean);
      const cols = (l: string) => l.replace(/\\[|`]/g, "").split("|").length;
      assert.ok(lines.every((l) => cols(l) === cols(lines[0])), `columns kept in\n${block}`);
    }

    // HTML (tables, headings, SVG legends and tooltips, title): escaped text only
    assertSelfContained(r.html);
    assert.doesNotMatch(r.html, /<img/);
    assert.ok(r.html.includes("&#x3C;script>") || r.html.includes("&lt;script&gt;"));
    assert.match(r.html, /<title>tracedeck serving A\/B: base`\| → &lt;script&gt;/);
    assert.ok(r.html.includes("<svg"), "figures are drawn");
  } finally {
    await done();
  }
});
