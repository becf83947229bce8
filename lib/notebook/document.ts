/**
 * Report documents (the mdast model of lib/report/doc.ts) in a notebook:
 * `text/markdown` from the report's markdown renderer, `text/html` as a
 * fragment of the same document with its SVG figures, and the markdown as
 * plain text.
 *
 * @module
 */
import type { Root } from "mdast";
import { toHtmlBody, toMarkdown } from "../report/render.ts";
import { type Displayable, JUPYTER_DISPLAY, type MimeBundle } from "./mime.ts";

/** An HTML fragment of a document: no page, no style sheet; figures kept. */
export function htmlFragment(doc: Root): string {
  return toHtmlBody(doc);
}

/** A report document that displays as HTML (with figures) and markdown. */
export class ReportDocument implements Displayable {
  /** The document tree. */
  readonly doc: Root;

  /** Wrap a document for display. */
  constructor(doc: Root) {
    this.doc = doc;
  }

  /** Markdown, figures left out (for pasting into an issue). */
  markdown(): string {
    return toMarkdown(this.doc);
  }

  /** HTML fragment with the figures. */
  html(): string {
    return htmlFragment(this.doc);
  }

  /** The MIME bundle: HTML, markdown and the markdown as plain text. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const md = this.markdown();
    return { "text/html": this.html(), "text/markdown": md, "text/plain": md };
  }
}

/** A document tree as a displayable report. */
export function report(doc: Root): ReportDocument {
  return new ReportDocument(doc);
}
