/**
 * The report's document model: mdast (the markdown syntax tree) built with
 * small constructors. Every string taken from a trace goes into a text or
 * inline-code node, so both renderers escape it; control characters are
 * turned into spaces so a name cannot break a table row. The only raw HTML
 * is the SVG figures this project draws itself ({@link figure}).
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

/** Heading depths a section may use. */
export type Depth = 1 | 2 | 3 | 4 | 5 | 6;

/** Control characters (newlines, tabs, NUL…) that would break a table row or a line. */
// deno-lint-ignore no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** A string from a trace made safe for one line: control characters become spaces. */
export function oneLine(s: string): string {
  return s.replace(CONTROL, " ");
}

function inline(parts: Inline[]): PhrasingContent[] {
  return parts.map((p) => (typeof p === "string" ? { type: "text", value: oneLine(p) } : p));
}

/** A document. */
export function root(children: RootContent[]): Root {
  return { type: "root", children };
}

/** A heading; depths past 6 are clamped. */
export function heading(depth: number, ...parts: Inline[]): Heading {
  return {
    type: "heading",
    depth: Math.min(6, Math.max(1, depth)) as Depth,
    children: inline(parts),
  };
}

/** A paragraph. */
export function para(...parts: Inline[]): Paragraph {
  return { type: "paragraph", children: inline(parts) };
}

/**
 * Bold text, optionally with an HTML class. Leading and trailing spaces are
 * not allowed inside (markdown would have to encode them): put them beside.
 */
export function strong(text: string, className?: string): PhrasingContent {
  if (text !== text.trim()) {
    throw new Error(`strong text must not start or end with a space: '${text}'`);
  }
  return {
    type: "strong",
    children: inline([text]),
    ...(className ? { data: { hProperties: { className: [className] } } } : {}),
  };
}

/** A line break inside a paragraph. */
export function br(): PhrasingContent {
  return { type: "break" };
}

/** Longest full name carried in an HTML tooltip. */
const TITLE_MAX = 2000;

/**
 * Inline code (kernel names, paths). With `full`, the HTML shows `full` as a
 * tooltip (the table shows a clipped name; the JSON has every full name).
 */
export function code(value: string, full?: string): PhrasingContent {
  const node: PhrasingContent = { type: "inlineCode", value: oneLine(value) };
  if (full !== undefined && full !== value) {
    node.data = { hProperties: { title: clip(oneLine(full), TITLE_MAX) } };
  }
  return node;
}

/** A kernel name clipped to `max` characters as inline code, full name as HTML tooltip. */
export function kernel(name: string, max = 84): PhrasingContent {
  return code(clip(name, max), name);
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

/** A GFM table: the first row holds the column titles. */
export function table(columns: Column[], rows: Cell[][]): Table {
  return {
    type: "table",
    align: columns.map((c) => c.align ?? null),
    children: [
      { type: "tableRow", children: columns.map((c) => cell(c.title)) },
      ...rows.map((r) => ({
        type: "tableRow" as const,
        children: columns.map((_, i) => cell(r[i])),
      })),
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

/** Whether a node is a {@link figure}. */
export function isFigure(n: RootContent): boolean {
  return n.type === "html" && Boolean((n.data as { figure?: boolean } | undefined)?.figure);
}

/**
 * Format a number of µs for tables: thousands separated from 1000 on, three
 * significant digits below, "0" for zero and "–" when missing.
 */
export function us(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1000) return Math.round(v).toLocaleString("en-US");
  return a >= 100 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

/** Format a percentage (0–100). */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return `${v.toFixed(digits)}%`;
}

/** Format a signed change in percent; a missing baseline reads "new". */
export function delta(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "new";
  return `${v >= 0 ? "+" : ""}${v.toFixed(1)}%`;
}

/** Format a count or rate. */
export function num(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(digits);
}

/** Shorten a long name for a table cell (the full name stays in the JSON). */
export function clip(name: string, max = 90): string {
  return name.length > max ? name.slice(0, max - 1) + "…" : name;
}

/** Plural helper: `plural(3, "step")` is "3 steps". */
export function plural(n: number, word: string): string {
  return `${num(n)} ${word}${n === 1 ? "" : "s"}`;
}
