/**
 * The notebook helpers outside Jupyter: tables, figures and report documents
 * return MIME bundles with escaped HTML and readable numbers, `open` gives a
 * deck whose results match the analysis, and the kernelspec is written where
 * it is asked to be.
 */
import assert from "node:assert/strict";
import * as tracedeck from "../../lib/notebook/mod.ts";
import { readableValue } from "../../lib/notebook/format.ts";
import { installKernelspec, jupyterEnv } from "../../lib/notebook/jupyter.ts";
import { EXAMPLE_KERNELS } from "../../fixtures/examples/decode_trace.ts";
import { exampleTrace } from "../../fixtures/examples/store.ts";
import { traceFigures } from "../history/expected.ts";

const { mimeBundle } = tracedeck;

Deno.test("table: escaped cells, readable right-aligned numbers, a row limit and clipped text", () => {
  const rows = Array.from({ length: 60 }, (_, i) => ({
    name: i === 0 ? `<script>alert("x")</script> & ${"k".repeat(200)}` : `kernel ${i}`,
    calls: 1234567 + i,
    us: 3.14159,
    small: 0.000123456,
    big: 12345678901234567890n,
    none: null,
  }));
  const b = mimeBundle(tracedeck.table(rows, { limit: 10 }));
  const html = b["text/html"];
  assert.ok(!html.includes("<script>"));
  assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; kkk"));
  assert.ok(html.includes("1,234,567") && html.includes(">3.142<") && html.includes(">0.000123<"));
  assert.ok(html.includes("12,345,678,901,234,567,890"));
  assert.equal((html.match(/<tr>/g) ?? []).length, 10 + 1, "header and 10 rows");
  assert.ok(html.includes("10 of 60 rows shown"));
  assert.ok(/<th style="[^"]*text-align:right">calls<\/th>/.test(html));
  assert.ok(/<th style="[^"]*text-align:left">name<\/th>/.test(html));
  assert.ok(
    html.includes('<span title="&lt;script&gt;'),
    "clipped text keeps the full text in its tooltip",
  );
  assert.ok(b["text/plain"].includes("(60 rows)"));
});

Deno.test("readable values: timestamps, dates, lists and non-finite numbers", () => {
  assert.equal(readableValue("2026-03-02T00:00:00.000Z"), "2026-03-02");
  assert.equal(readableValue("2026-03-11T03:15:00.000Z"), "2026-03-11 03:15:00");
  assert.equal(readableValue([1, "a"]), '[1,"a"]');
  assert.equal(readableValue(Infinity), "∞");
  assert.equal(readableValue(null), "");
});

Deno.test("plot: a Plot figure displays as inline SVG with its title", () => {
  const fig = tracedeck.plot({
    title: "Steps <µs>",
    marks: [tracedeck.Plot.barY([{ x: "a", y: 1 }, { x: "b", y: 2 }], { x: "x", y: "y" })],
  });
  const b = mimeBundle(fig);
  assert.ok(b["text/html"].includes("<svg"));
  assert.ok(b["text/html"].includes("Steps &lt;µs&gt;"));
  assert.equal(b["text/plain"], "[figure] Steps <µs>");
});

Deno.test("open: summary, findings, SQL, comparison and figures of example traces", async () => {
  const base = exampleTrace("fix-custom-ar.json.gz");
  const cand = exampleTrace("fix-graphs.json.gz");
  const td = await tracedeck.open([base, cand]);
  try {
    const summary = await td.summary("fix-custom-ar");
    const expected = traceFigures(base);
    assert.equal(summary.data.decode.steps, expected.steps);
    assert.ok(Math.abs(summary.data.decode.step_us.median! - expected.stepUs) < 1e-9);
    const b = mimeBundle(summary);
    assert.ok(b["text/markdown"].startsWith("## Decode summary: fix-custom-ar"));
    assert.ok(b["text/html"].includes("<svg") && b["text/html"].includes("<table"));
    assert.ok(
      b["text/html"].includes("aiter::cross_device_reduce_1stage&#x3C;std::bfloat16_t"),
      "kernel names are escaped",
    );
    assert.ok(!b["text/html"].includes(">void aiter::cross_device_reduce_1stage<"));

    const ids = (await td.engine.query<{ id: string }>(
      "SELECT id FROM decode_findings WHERE run_id = 1 ORDER BY id",
    ))
      .map((r) => r.id);
    const findings = await td.findings(1);
    assert.deepEqual(findings.findings.map((f) => f.id).sort(), ids);
    for (const id of ids) assert.ok(mimeBundle(findings)["text/markdown"].includes(id));

    const named = await td.sql(
      "SELECT category, us_per_step FROM decode_categories WHERE run_id = $run AND category = $c",
      {
        run: 2,
        c: "GEMM",
      },
    );
    assert.ok(
      Math.abs((named.rows[0].us_per_step as number) - traceFigures(cand).categoryUs.GEMM) < 1e-9,
    );
    const positional = await td.sql(
      "SELECT count(*)::INTEGER AS n FROM kernel_names WHERE name = ?",
      [EXAMPLE_KERNELS.pa.name],
    );
    assert.equal(positional.rows[0].n, 1);

    const cmp = await td.compare("fix-custom-ar", "fix-graphs", 5);
    assert.ok(cmp.data.steps.step_delta_pct! < -25, "graph mode makes the step much shorter");
    assert.deepEqual(cmp.data.regressions, []);
    assert.match(mimeBundle(cmp)["text/markdown"], /^## A\/B: fix-custom-ar → fix-graphs\n/);
    assert.match(mimeBundle(cmp)["text/markdown"], /No regression\** beyond 5%/);
    assert.ok(mimeBundle(await td.stepsFigure(2))["text/html"].includes("<svg"));
    assert.ok(mimeBundle(await td.categoriesFigure())["text/html"].includes("<svg"));
    assert.equal((await td.runs()).rows.length, 2);
    await assert.rejects(() => td.summary("nope"), /no run 'nope'/);
  } finally {
    await td.close();
  }
});

Deno.test("kernelspec: written under the given folder and first on JUPYTER_PATH", async () => {
  const dir = await Deno.makeTempDir({ prefix: "td-jupyter-" });
  try {
    const path = await installKernelspec(dir);
    assert.equal(path, `${dir}/kernels/deno/kernel.json`);
    const spec = JSON.parse(await Deno.readTextFile(path));
    assert.deepEqual(spec.argv, ["deno", "jupyter", "--kernel", "--conn", "{connection_file}"]);
    assert.equal(spec.language, "typescript");
    assert.equal(jupyterEnv(dir).JUPYTER_PATH.split(":")[0], dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
