/**
 * The report's document model: mdast (the markdown syntax tree) built with
 * small constructors. Every string taken from a trace goes into a text or
 * inline-code node, so both renderers escape it; the only raw HTML is the
 * SVG figures this project draws itself ({@link figure}).
 *
 * @module
 */
import type {
  BlockContent,
  Heading,
  Html,
  List,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
} from "mdast";

/** Inline content: plain strings become text nodes. */
export type Inline = string | PhrasingContent;

function inline(parts: Inline[]): PhrasingContent[] {
  return parts.map((p) => (typeof p === "string" ? { type: "text", value: p } : p));
}

/** A document. */
export function root(children: RootContent[]): Root {
  return { type: "root", children };
}

/** A heading of depth 1–6. */
export function heading(depth: 1 | 2 | 3 | 4, ...parts: Inline[]): Heading {
  return { type: "heading", depth, children: inline(parts) };
}

/** A paragraph. */
export function para(...parts: Inline[]): Paragraph {
  return { type: "paragraph", children: inline(parts) };
}

/** Bold text. */
export function strong(...parts: Inline[]): PhrasingContent {
  return { type: "strong", children: inline(parts) };
}

/** Italic text. */
export function em(...parts: Inline[]): PhrasingContent {
  return { type: "emphasis", children: inline(parts) };
}

/** Inline code (kernel names, paths). */
export function code(value: string): PhrasingContent {
  return { type: "inlineCode", value };
}

/** A bullet list; each item is inline content. */
export function list(items: Inline[][]): List {
  return {
    type: "list",
    ordered: false,
    spread: false,
    children: items.map((parts) => ({
      type: "listItem",
      spread: false,
      children: [para(...parts) as BlockContent],
    })),
  };
}

/** A table column: title and alignment. */
export interface Column {
  title: string;
  align?: "left" | "right" | "center";
}

/** A cell value: numbers and strings become text; inline nodes are kept. */
export type Cell = Inline | number | null | undefined | Inline[];

function cell(v: Cell): TableCell {
  const parts: Inline[] = v === null || v === undefined
    ? [""]
    : typeof v === "number"
    ? [String(v)]
    : Array.isArray(v)
    ? v
    : [v];
  return { type: "tableCell", children: inline(parts) };
}

/** A GFM table. */
export function table(columns: Column[], rows: Cell[][]): Table {
  return {
    type: "table",
    align: columns.map((c) => c.align ?? null),
    children: [
      { type: "tableRow", children: columns.map((c) => cell(c.title)) },
      ...rows.map((r) => ({ type: "tableRow" as const, children: columns.map((_, i) => cell(r[i])) })),
    ],
  };
}

/**
 * A figure drawn by this project (Observable Plot SVG). Raw HTML, shown in
 * the HTML report and left out of the markdown (which carries the same
 * numbers in tables).
 */
export function figure(svgHtml: string): Html {
  return { type: "html", value: svgHtml, data: { figure: true } as Html["data"] };
}

/** Format a number of µs for tables: 3 significant-ish digits. */
export function us(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 100 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

/** Format a percentage (0–100). */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return `${v.toFixed(digits)}%`;
}

/** Format a signed change in percent. */
export function delta(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "new";
  return `${v >= 0 ? "+" : ""}${v.toFixed(1)}%`;
}

/** Format a count or rate. */
export function num(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(digits);
}

/** Shorten a long kernel name for a table cell (the full name stays in the JSON). */
export function clip(name: string, max = 90): string {
  return name.length > max ? name.slice(0, max - 1) + "…" : name;
}
