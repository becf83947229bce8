/**
 * Rendering the document model: markdown with remark (GFM tables), HTML with
 * remark-rehype + rehype-stringify as one self-contained page (inline CSS,
 * no scripts, no external URLs, printable).
 *
 * @module
 */
import type { Root, RootContent } from "mdast";
import { unified } from "unified";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";

function isFigure(n: RootContent): boolean {
  return n.type === "html" && Boolean((n.data as { figure?: boolean } | undefined)?.figure);
}

/** Markdown for pasting into an issue: figures left out, every trace string escaped. */
export function toMarkdown(doc: Root): string {
  const tree: Root = { ...doc, children: doc.children.filter((n) => !isFigure(n) && n.type !== "html") };
  return String(
    unified().use(remarkGfm).use(remarkStringify, { bullet: "-", fences: true }).stringify(tree),
  );
}

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1180px; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; vertical-align: top; }
th { background: #f3f5f7; }
td:not(:first-child), th:not(:first-child) { text-align: right; }
td { overflow-wrap: anywhere; max-width: 640px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f3f5f7; padding: 1px 3px; border-radius: 3px; }
strong { color: #a40e26; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
li { margin: .25rem 0; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } }
`;

/** A complete HTML page for the document. */
export function toHtml(doc: Root, title: string): string {
  const body = toHtmlBody(doc);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function toHtmlBody(doc: Root): string {
  const processor = unified()
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeStringify, { allowDangerousHtml: true });
  const hast = processor.runSync(doc as never);
  return processor.stringify(hast as never);
}

/** Escape text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
