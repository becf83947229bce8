/**
 * Readable cell values for notebook tables: integers with thousands
 * separators, other numbers to at most three decimals (more significant
 * digits below 1), timestamps without their zero milliseconds, lists and
 * structs as JSON.
 *
 * @module
 */
import type { Plain } from "../db/engine.ts";

/** A number as a reader wants it in a table. */
export function readableNumber(v: number | bigint): string {
  if (typeof v === "bigint") return v.toLocaleString("en-US");
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "∞" : "-∞";
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  const digits = Math.abs(v) >= 1 ? 3 : Math.abs(v) >= 0.001 ? 4 : 6;
  return v.toLocaleString("en-US", { maximumFractionDigits: digits, useGrouping: true });
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/;

/** Any result value as table text; NULL is the empty string. */
export function readableValue(v: Plain): string {
  if (v === null) return "";
  if (typeof v === "number" || typeof v === "bigint") return readableNumber(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") {
    const t = ISO_TIME.exec(v);
    if (!t) return v;
    const frac = t[3] && !/^\.0+$/.test(t[3]) ? t[3] : "";
    return t[2] === "00:00:00" && !frac ? t[1] : `${t[1]} ${t[2]}${frac}`;
  }
  return JSON.stringify(v, (_k, x) => typeof x === "bigint" ? x.toString() : x);
}

/** Whether every value of a column is a number (or NULL): such columns align right. */
export function isNumericColumn(values: Plain[]): boolean {
  return values.some((v) => v !== null) &&
    values.every((v) => v === null || typeof v === "number" || typeof v === "bigint");
}
