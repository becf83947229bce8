/**
 * The Jupyter display protocol of Deno's kernel: an object whose
 * `[Symbol.for("Jupyter.display")]()` returns a MIME bundle is shown as that
 * bundle when it is a cell's value. Outside Jupyter the same objects are plain
 * values, so tests and scripts read their bundles directly.
 *
 * @module
 */

/** A MIME bundle: MIME type (`text/html`, `text/markdown`, `text/plain` ...) to content. */
export type MimeBundle = Record<string, string>;

/** The symbol Deno's Jupyter kernel looks for on a cell's value. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** Something a notebook can show. */
export interface Displayable {
  /** The MIME bundle to show. */
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** The MIME bundle of a displayable value. */
export function mimeBundle(value: Displayable): MimeBundle {
  return value[JUPYTER_DISPLAY]();
}

interface JupyterNamespace {
  display(value: unknown, options?: { raw?: boolean }): void;
}

/**
 * Show a value now (for several outputs from one cell): through the kernel
 * inside Jupyter, else its `text/plain` form on stdout.
 */
export function display(value: Displayable): void {
  const jupyter = (Deno as unknown as { jupyter?: JupyterNamespace }).jupyter;
  const bundle = mimeBundle(value);
  if (jupyter && typeof jupyter.display === "function") jupyter.display(bundle, { raw: true });
  else console.log(bundle["text/plain"] ?? "");
}
