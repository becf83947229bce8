/**
 * Rendering the document model: markdown with remark (GFM tables), HTML with
 * remark-rehype + rehype-stringify as one self-contained page (inline CSS,
 * no scripts, no external URLs, a Content-Security-Policy that forbids both,
 * printable).
 *
 * @module
 */
import type { Root } from "mdast";
import { unified } from "unified";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";
import { isFigure } from "./doc.ts";

/** Markdown for pasting into an issue: figures left out, every trace string escaped. */
export function toMarkdown(doc: Root): string {
  const tree: Root = {
    ...doc,
    children: doc.children.filter((n) => !isFigure(n) && n.type !== "html"),
  };
  return String(
    unified().use(remarkGfm).use(remarkStringify, { bullet: "-", fences: true, rule: "-" })
      .stringify(tree),
  );
}

/** Nothing may load or run: styles inline only, images only as data: URLs. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1180px; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; overflow-wrap: anywhere; }
h3 { font-size: 1.08rem; margin-top: 1.6rem; }
h4 { font-size: 1rem; margin-top: 1.2rem; }
.table-wrap { overflow-x: auto; max-width: 100%; margin: .6rem 0 1rem; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; vertical-align: top; }
th { background: #f3f5f7; }
td { max-width: 640px; overflow-wrap: break-word; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f3f5f7; padding: 1px 3px; border-radius: 3px; word-break: break-all; }
strong { color: #1b1f24; }
strong.regression, strong.sev-high { color: #a40e26; }
strong.sev-medium { color: #9a6700; }
strong.sev-low { color: #57606a; }
figure { margin: 1rem 0 1.4rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: 13px; margin-top: .2rem; }
li { margin: .3rem 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 12px; }
  h2, h3 { break-after: avoid; }
  table, figure { break-inside: avoid; }
  .table-wrap { overflow: visible; }
}
`;

/** A complete, self-contained HTML page for the document. */
export function toHtml(doc: Root, title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tracedeck">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${toHtmlBody(doc)}
</body>
</html>
`;
}

/** The part of a hast node this module looks at. */
interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/** Wrap every table in a horizontally scrolling block so wide tables never widen the page. */
function wrapTables(node: HastNode): void {
  if (!node.children) return;
  node.children = node.children.map((child) => {
    wrapTables(child);
    return child.type === "element" && child.tagName === "table"
      ? {
        type: "element",
        tagName: "div",
        properties: { className: ["table-wrap"] },
        children: [child],
      }
      : child;
  });
}

/** The document as an HTML fragment (no page, no style sheet); figures kept, tables wrapped. */
export function toHtmlBody(doc: Root): string {
  const processor = unified()
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeStringify, { allowDangerousHtml: true });
  const hast = processor.runSync(doc as never) as unknown as HastNode;
  wrapTables(hast);
  return processor.stringify(hast as never);
}

/** Escape text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}
