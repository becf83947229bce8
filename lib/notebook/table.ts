/**
 * Query results as notebook tables: an HTML table (every value escaped,
 * numbers readable and right-aligned, long text clipped with the full text in
 * its tooltip, at most `limit` rows shown) with the CLI's aligned text table
 * as the plain-text form.
 *
 * @module
 */
import type { Row } from "../db/engine.ts";
import { formatRows } from "../cli/output.ts";
import { escapeHtml } from "../report/render.ts";
import { isNumericColumn, readableValue } from "./format.ts";
import { type Displayable, JUPYTER_DISPLAY, type MimeBundle } from "./mime.ts";

/** How a table is shown. */
export interface TableOptions {
  /** Columns in order (default: the first row's keys). */
  columns?: string[];
  /** Most rows shown (default 50); the rest are counted below the table. */
  limit?: number;
  /** Longest cell text shown before clipping (default 120 characters). */
  clip?: number;
  /** Caption above the table. */
  caption?: string;
}

const STYLE = "border-collapse:collapse;font-size:12px;margin:4px 0";
const CELL = "border:1px solid #d0d7de;padding:2px 6px;vertical-align:top";

/** Result rows that display as a table; `rows` and `columns` stay available to code. */
export class Table implements Displayable {
  /** The rows, as the engine returned them. */
  readonly rows: Row[];
  /** The columns shown, in order. */
  readonly columns: string[];
  readonly #opts: TableOptions;

  /** Wrap rows for display. */
  constructor(rows: Row[], opts: TableOptions = {}) {
    this.rows = rows;
    this.columns = opts.columns ?? (rows.length ? Object.keys(rows[0]) : []);
    this.#opts = opts;
  }

  /** The table as an HTML fragment. */
  html(): string {
    const limit = this.#opts.limit ?? 50;
    const clip = this.#opts.clip ?? 120;
    const shown = this.rows.slice(0, limit);
    const numeric = this.columns.map((c) => isNumericColumn(this.rows.map((r) => r[c] ?? null)));
    const align = (i: number) => numeric[i] ? "text-align:right" : "text-align:left";
    const head = this.columns.map((c, i) => `<th style="${CELL};${align(i)}">${escapeHtml(c)}</th>`)
      .join("");
    const body = shown.map((r) =>
      "<tr>" + this.columns.map((c, i) => {
        const text = readableValue(r[c] ?? null);
        const cell = text.length > clip
          ? `<span title="${escapeHtml(text)}">${escapeHtml(text.slice(0, clip - 1))}…</span>`
          : escapeHtml(text);
        return `<td style="${CELL};${align(i)}">${cell}</td>`;
      }).join("") + "</tr>"
    ).join("\n");
    const caption = this.#opts.caption
      ? `<caption style="text-align:left;font-weight:600">${
        escapeHtml(this.#opts.caption)
      }</caption>`
      : "";
    const more = this.rows.length > shown.length
      ? `\n<p style="font-size:12px;color:#57606a">${shown.length} of ${this.rows.length} rows shown</p>`
      : "";
    return `<table class="tracedeck" style="${STYLE}">${caption}\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>${more}`;
  }

  /** The table as aligned text (the CLI's table mode). */
  text(): string {
    return formatRows(this.rows, "table", this.columns);
  }

  /** The MIME bundle: HTML and plain text. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": this.html(), "text/plain": this.text() };
  }
}

/** Rows as a displayable table. */
export function table(rows: Row[], opts: TableOptions = {}): Table {
  return new Table(rows, opts);
}
