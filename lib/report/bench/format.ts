/**
 * Number formats of the benchmark report's tables: tokens per second,
 * milliseconds, ratios, request rates and percentages. A missing value is an
 * en dash.
 *
 * @module
 */

function known(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** Tokens (or requests) per second: no decimals from 100 up, with thousands separators. */
export function tps(v: unknown): string {
  if (!known(v)) return "–";
  return Math.abs(v) >= 100
    ? Math.round(v).toLocaleString("en-US")
    : v.toFixed(Math.abs(v) >= 10 ? 1 : 2);
}

/** Milliseconds: three significant digits, at most two decimals. */
export function ms(v: unknown): string {
  if (!known(v)) return "–";
  const a = Math.abs(v);
  return a >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(a >= 10 ? 1 : 2);
}

/** A ratio with three decimals (1.000 = no change). */
export function ratio(v: unknown): string {
  return known(v) ? v.toFixed(3) : "–";
}

/** A percentage 0–100 with one decimal. */
export function percent(v: unknown): string {
  return known(v) ? `${v.toFixed(1)}%` : "–";
}

/** A count. */
export function count(v: unknown): string {
  return known(v) ? Math.round(v).toLocaleString("en-US") : "–";
}

/** An offered request rate: `inf` when unthrottled, req/s otherwise, blank when unknown. */
export function rate(v: unknown): string {
  if (v === Infinity) return "inf";
  return known(v) ? `${Number(v.toPrecision(4))}` : "";
}

/** The heading of an (ISL, OSL) pair. */
export function lengths(isl: unknown, osl: unknown): string {
  if (isl === null && osl === null) return "dataset-driven lengths";
  return `ISL ${isl ?? "?"} · OSL ${osl ?? "?"}`;
}
