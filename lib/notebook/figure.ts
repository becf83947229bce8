/**
 * Observable Plot figures in a notebook: drawn on linkedom by
 * lib/report/plots.ts and shown as inline SVG in `text/html`, with the
 * figure's title as the plain-text form.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";
import { plotHtml } from "../report/plots.ts";
import { type Displayable, JUPYTER_DISPLAY, type MimeBundle } from "./mime.ts";

/** A drawn figure. */
export class Figure implements Displayable {
  /** The figure's HTML (`<figure>` with an `<svg>`, or a bare `<svg>`). */
  readonly svgHtml: string;
  /** Its title, for the plain-text form. */
  readonly title: string;

  /** Wrap drawn HTML for display. */
  constructor(svgHtml: string, title: string) {
    this.svgHtml = svgHtml;
    this.title = title;
  }

  /** The MIME bundle: the inline SVG and the title. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": this.svgHtml, "text/plain": `[figure] ${this.title}` };
  }
}

/** Draw Plot options (as for `Plot.plot`) as a displayable figure. */
export function plot(options: Plot.PlotOptions): Figure {
  const title = [options.title, options.caption].find((t) => typeof t === "string") as
    | string
    | undefined;
  return new Figure(plotHtml(options), title ?? "figure");
}

/** Wrap an already drawn figure (e.g. from lib/report/plots.ts) for display. */
export function figure(svgHtml: string, title = "figure"): Figure {
  return new Figure(svgHtml, title);
}
