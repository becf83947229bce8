/**
 * The document model and its renderers: number formats, names made safe for
 * one table row, figures only in the HTML, tables wrapped so they scroll
 * instead of widening the page, and a page that forbids scripts and loads.
 */
import assert from "node:assert/strict";
import {
  code,
  delta,
  figure,
  heading,
  kernel,
  num,
  oneLine,
  para,
  pct,
  root,
  strong,
  table,
  us,
} from "../../lib/report/doc.ts";
import { toHtml, toMarkdown } from "../../lib/report/render.ts";
import { markdownTableProblems } from "./report_support.ts";

Deno.test("number formats: µs with separators, percentages, signed changes, missing values", () => {
  assert.deepEqual([us(0), us(0.1234), us(12.345), us(123.45), us(74687.1), us(null)], [
    "0",
    "0.123",
    "12.35",
    "123.5",
    "74,687",
    "–",
  ]);
  assert.deepEqual([pct(12.345), pct(undefined), delta(200), delta(-9.24), delta(null)], [
    "12.3%",
    "–",
    "+200.0%",
    "-9.2%",
    "new",
  ]);
  assert.deepEqual([num(9903), num(592.5), num(NaN)], ["9,903", "592.5", "–"]);
});

Deno.test("trace strings lose control characters; long kernel names are clipped with the full name as HTML title", () => {
  assert.equal(oneLine("a\nb\tc\u0000d"), "a b c d");
  const name = "k<" + "x".repeat(200) + ">";
  const doc = root([table([{ title: "kernel" }], [[kernel(name)], [code("p|q\nr")]])]);
  const md = toMarkdown(doc);
  assert.deepEqual(markdownTableProblems(md), []);
  assert.ok(md.includes("`p\\|q r`"), md);
  const html = toHtml(doc, "t");
  assert.match(
    html,
    /<code title="k<x{200}>">k&#x3C;x{81}…<\/code>/,
    "quoted attribute, escaped text",
  );
  assert.throws(() => strong(" padded "), /must not start or end with a space/);
});

Deno.test("figures appear in the HTML only; tables scroll; the page forbids scripts and external loads", () => {
  const doc = root([
    heading(1, "T <b>"),
    para(strong("Bold:"), " text"),
    figure("<figure><svg><text>drawn</text></svg></figure>"),
    table([{ title: "a" }, { title: "b", align: "right" }], [["x", 1]]),
  ]);
  const md = toMarkdown(doc);
  assert.ok(!md.includes("drawn") && !md.includes("<figure"));
  assert.match(md, /^# T \\?<b>/);
  assert.match(md, /\*\*Bold:\*\* text/);
  const html = toHtml(doc, `a "title" <x>`);
  assert.match(html, /<title>a &quot;title&quot; &lt;x&gt;<\/title>/);
  assert.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/,
  );
  assert.match(html, /<div class="table-wrap"><table>/);
  assert.match(html, /<td align="right">1<\/td>/);
  assert.ok(html.includes("<figure><svg><text>drawn</text></svg></figure>"));
  assert.ok(!/<script/i.test(html));
});
