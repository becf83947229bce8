/**
 * tracedeck in Jupyter (Deno kernel): open traces, a store or a Parquet
 * export and show the analysis. In a notebook:
 *
 * ```ts
 * import * as tracedeck from "../lib/notebook/mod.ts";
 * ```
 * ```ts
 * const td = await tracedeck.open("../fixtures/examples/decode/baseline.json.gz");
 * await td.summary()
 * ```
 *
 * Every result displays itself (`[Symbol.for("Jupyter.display")]()` returns a
 * MIME bundle), so it also works outside Jupyter, in scripts and tests.
 *
 * @module
 */
export { Deck, type DeckOptions, open, type RunRef, type SqlParams } from "./deck.ts";
export { Table, table, type TableOptions } from "./table.ts";
export { Figure, figure, plot } from "./figure.ts";
export { report, ReportDocument } from "./document.ts";
export { RunComparison, RunFindings, RunSummary } from "./reports.ts";
export { display, type Displayable, JUPYTER_DISPLAY, type MimeBundle, mimeBundle } from "./mime.ts";
export * as Plot from "@observablehq/plot";
