/**
 * Drawing a benchmark figure: Observable Plot on a linkedom document, kept as
 * the figure's outer HTML (inline SVG with its legend and caption). Text in
 * the SVG is set through the DOM, so names from the inputs are escaped.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** The figures' font: larger than Plot's 10 px default, for mail and print. */
const STYLE = {
  fontSize: "12px",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  overflow: "visible",
};

/** Render Plot options to an HTML string (`<figure>` or `<svg>`). */
export function benchPlotHtml(options: Plot.PlotOptions): string {
  const document = parseHTML("<!doctype html><html><head></head><body></body></html>")
    .document as unknown as Document;
  const el = Plot.plot({ style: STYLE, ...options, document }) as unknown as Element;
  return el.outerHTML;
}
