/**
 * Conversion of the values DuckDB hands back into the engine contract's
 * {@link Plain} values, shared by both adapters so they answer identically.
 *
 * @module
 */
import { type Plain, plainInteger } from "./engine.ts";

/**
 * Turn a JavaScript value produced by a DuckDB client into a plain value:
 * bigint → number when safe, Date → ISO string, typed arrays and lists →
 * arrays, structs → objects.
 */
export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "bigint":
      return plainInteger(value);
    case "number":
    case "string":
    case "boolean":
      return value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (typeof obj.toJSON === "function" && !(Symbol.iterator in obj)) {
      return toPlain((obj.toJSON as () => unknown)());
    }
    if (Symbol.iterator in obj) return Array.from(obj as Iterable<unknown>, toPlain);
    const out: Record<string, Plain> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = toPlain(v);
    return out;
  }
  return String(value);
}
