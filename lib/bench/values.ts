/**
 * Coercing JSON values of benchmark files to numbers, integers, strings and
 * booleans: metadata arrives as strings (`"tp": "8"`), request rates as the
 * string `"inf"`, dates as `YYYYMMDD-HHMMSS`.
 *
 * @module
 */

/** A finite or infinite number from a number or numeric string ("inf", "8", "1e3"); else null. */
export function num(v: unknown): number | null {
  if (typeof v === "number") return Number.isNaN(v) ? null : v;
  if (typeof v !== "string") return null;
  const s = v.trim().toLowerCase();
  if (s === "inf" || s === "infinity" || s === "+inf") return Infinity;
  if (s === "-inf" || s === "-infinity") return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return null;
  return Number(s);
}

/** An integer from a number or numeric string with an integral value; else null. */
export function int(v: unknown): number | null {
  const n = num(v);
  return n !== null && Number.isInteger(n) ? n : null;
}

/** A non-empty string (numbers are turned into text); else null. */
export function str(v: unknown): string | null {
  if (typeof v === "string") return v.length ? v : null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

/** A boolean from true/false or the strings true/false/1/0/yes/no; else null. */
export function bool(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") return null;
  const s = v.trim().toLowerCase();
  if (["true", "1", "yes"].includes(s)) return true;
  if (["false", "0", "no"].includes(s)) return false;
  return null;
}

/**
 * A benchmark client's date as `YYYY-MM-DD HH:MM:SS`: vLLM's
 * `YYYYMMDD-HHMMSS`, or an ISO timestamp; else null.
 */
export function clientDate(v: unknown): string | null {
  if (typeof v !== "string") return null;
  let m = /^(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)$/.exec(v);
  if (m) return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`;
  m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)/.exec(v);
  return m ? `${m[1]} ${m[2]}` : null;
}
