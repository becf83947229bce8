/**
 * Reading CSV by header name: an RFC 4180 parser that streams records out of
 * a (gzip'd) file with their line numbers (quoted fields may hold commas,
 * doubled quotes and newlines), the header of a file from its sniffed head,
 * the mapping of canonical fields onto whichever header spelling a file
 * uses, and strict value parsers.
 *
 * Empty fields, quoted or not, read as null and blank lines are skipped, as
 * DuckDB's `read_csv` does, so a loader's TypeScript and DuckDB paths agree.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";
import { headText, type InputFile, openBytes } from "./source.ts";

/** One record: its fields (null when empty) and the line it starts on (1-based). */
export interface CsvRecord {
  fields: (string | null)[];
  line: number;
}

const QUOTE = 0x22, COMMA = 0x2c, LF = 0x0a, CR = 0x0d;

/**
 * Incremental CSV parser: feed text with {@link CsvParser.push} and get whole
 * records back; a record cut by the end of a chunk waits for the next chunk.
 */
export class CsvParser {
  #text = "";
  #pos = 0;
  #line = 1;
  #final = false;

  /**
   * @param file file name for errors
   * @param width the number of fields every record must have, or -1 for any
   */
  constructor(readonly file: string, readonly width: number) {}

  /** The line the next record starts on. */
  get line(): number {
    return this.#line;
  }

  /** Parse `text` after what was left over; `final` marks the end of the input. */
  push(text: string, final: boolean): CsvRecord[] {
    this.#text = this.#text.slice(this.#pos) + text;
    this.#pos = 0;
    this.#final = final;
    const out: CsvRecord[] = [];
    const s = this.#text;
    while (this.#pos < s.length) {
      const c = s.charCodeAt(this.#pos);
      if (c === LF || c === CR) { // a blank line, or the LF of a CRLF
        if (c === LF) this.#line++;
        this.#pos++;
        continue;
      }
      const record = this.#record();
      if (!record) break;
      out.push(record);
    }
    return out;
  }

  /** The record at #pos, or null (position unchanged) when the text ends inside it. */
  #record(): CsvRecord | null {
    const s = this.#text, n = s.length, final = this.#final;
    const line = this.#line;
    let p = this.#pos;
    let lines = 0;
    const fields: (string | null)[] = [];
    while (true) {
      if (p < n && s.charCodeAt(p) === QUOTE) {
        let value = "";
        let from = p + 1;
        while (true) {
          const q = s.indexOf('"', from);
          if (q < 0 || (q + 1 >= n && !final)) { // unclosed, or maybe doubled in the next chunk
            if (!final) return null;
            throw new InputError(
              this.file,
              "truncated: a quoted value is never closed",
              `line ${line}`,
            );
          }
          if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += s.slice(from, q);
          p = q + 1;
          break;
        }
        for (let i = value.indexOf("\n"); i >= 0; i = value.indexOf("\n", i + 1)) lines++;
        fields.push(value.length ? value : null);
      } else {
        let e = p;
        while (e < n) {
          const c = s.charCodeAt(e);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) {
            throw new InputError(this.file, "a quote inside an unquoted value", `line ${line}`);
          }
          e++;
        }
        if (e >= n && !final) return null;
        fields.push(e > p ? s.slice(p, e) : null);
        p = e;
      }
      if (p >= n) {
        if (!final) return null;
        break;
      }
      const c = s.charCodeAt(p);
      if (c === COMMA) {
        p++;
        continue;
      }
      if (c === LF || c === CR) {
        if (c === CR && p + 1 >= n && !final) return null;
        p += c === CR && p + 1 < n && s.charCodeAt(p + 1) === LF ? 2 : 1;
        lines++;
        break;
      }
      throw new InputError(
        this.file,
        "expected ',' or a line end after a quoted value",
        `line ${line}`,
      );
    }
    if (this.width >= 0 && fields.length !== this.width) {
      throw new InputError(
        this.file,
        `expected ${this.width} fields as in the header, found ${fields.length}` +
          (p >= n ? " (the file looks truncated)" : ""),
        `line ${line}`,
      );
    }
    this.#pos = p;
    this.#line += lines;
    return { fields, line };
  }
}

/**
 * The data records of a CSV file (every record after the header line),
 * streamed in batches, gzip handled. `width` is the header's field count.
 */
export async function* readCsvRecords(file: InputFile, width: number): AsyncGenerator<CsvRecord[]> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const parser = new CsvParser(file.path, width);
  let offset = 0; // bytes decoded before the current chunk
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      const at = chunk ? Math.max(0, invalidUtf8At(chunk)) : 0;
      throw new InputError(file.path, "invalid UTF-8 text", `byte ${offset + at}`);
    } finally {
      offset += chunk?.length ?? 0;
    }
  };
  let header = true;
  const take = (records: CsvRecord[]) => {
    if (header && records.length) {
      header = false;
      return records.slice(1);
    }
    return records;
  };
  for await (const chunk of openBytes(file.path, file.gzip)) {
    const batch = take(parser.push(decode(chunk), false));
    if (batch.length) yield batch;
  }
  const batch = take(parser.push(decode(), true));
  if (batch.length) yield batch;
}

/** Index of the first byte of `b` that is not valid UTF-8 (a sequence cut by the end is fine), or -1. */
function invalidUtf8At(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80
      ? 0
      : c >= 0xc2 && c < 0xe0
      ? 1
      : c >= 0xe0 && c < 0xf0
      ? 2
      : c >= 0xf0 && c < 0xf5
      ? 3
      : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      if (i + k >= b.length) return -1;
      if ((b[i + k] & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return -1;
}

/**
 * The header fields of a CSV file, read from its sniffed head (a byte-order
 * mark is dropped, names are trimmed); null when the head holds no complete
 * first line that parses as CSV.
 */
export function csvHeader(file: InputFile): string[] | null {
  let text = headText(file);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nl = text.indexOf("\n");
  if (nl < 0 && file.head.length >= 64 * 1024) return null;
  const first = nl < 0 ? text : text.slice(0, nl + 1);
  try {
    const records = new CsvParser(file.path, -1).push(first, true);
    return records.length ? records[0].fields.map((f) => (f ?? "").trim()) : null;
  } catch {
    return null;
  }
}

/** A canonical field and the header spellings that carry it (matched case-insensitively). */
export interface FieldRule {
  /** Canonical field name, used by the loader. */
  field: string;
  /** Accepted header names, preferred first. */
  names: readonly string[];
  /** Whether the file is unusable without it. */
  required?: boolean;
}

/** Where a field sits in a file: its column index and header spelling. */
export interface ColumnRef {
  index: number;
  name: string;
}

/**
 * Map each field onto the file's header by name. A missing required field
 * is an InputError that lists the columns found and the columns needed.
 */
export function mapColumns(
  file: string,
  header: readonly string[],
  rules: readonly FieldRule[],
  what: string,
): Record<string, ColumnRef> {
  const byName = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.toLowerCase();
    if (!byName.has(key)) byName.set(key, i);
  });
  const out: Record<string, ColumnRef> = {};
  const missing: string[] = [];
  for (const rule of rules) {
    const name = rule.names.find((n) => byName.has(n.toLowerCase()));
    if (name !== undefined) {
      const index = byName.get(name.toLowerCase())!;
      out[rule.field] = { index, name: header[index] };
    } else if (rule.required) missing.push(rule.names.join(" or "));
  }
  if (missing.length) {
    const needed = rules.filter((r) => r.required).map((r) => r.names.join("|")).join(", ");
    throw new InputError(
      file,
      `unknown ${what} header: missing ${missing.join(", ")} (found: ${
        header.join(", ")
      }; needs: ${needed})`,
    );
  }
  return out;
}

const INT = /^\s*[+-]?\d+\s*$/;
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;
const INT64_MAX = 2n ** 63n - 1n;

/**
 * An integer field: null when empty, a number when it fits a double exactly,
 * else a bigint. A decimal is rounded half away from zero, as DuckDB casts
 * it; anything else (or beyond 64 bits) is an InputError.
 */
export function csvInt(
  value: string | null,
  file: string,
  line: number,
  column: string,
): number | bigint | null {
  if (value === null || value === "") return null;
  if (value.length < 16) { // the common case, plain digits, without a regular expression
    let v = 0, i = 0;
    for (; i < value.length; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === value.length) return v;
  }
  if (!INT.test(value)) {
    if (!DECIMAL.test(value)) throw badValue(file, line, column, "an integer", value);
    const v = Number(value);
    return Math.sign(v) * Math.round(Math.abs(v));
  }
  const t = value.trim();
  if (t.length < 16) return Number(t);
  const big = BigInt(t);
  if (big > INT64_MAX || big < -INT64_MAX - 1n) {
    throw badValue(file, line, column, "a 64-bit integer", value);
  }
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big;
}

/** A numeric field rounded to an integer (aggregates print averages as decimals): null when empty. */
export function csvRounded(
  value: string | null,
  file: string,
  line: number,
  column: string,
): number | null {
  if (value === null) return null;
  const v = Number(value.trim());
  if (!value.trim() || !Number.isFinite(v)) throw badValue(file, line, column, "a number", value);
  return Math.round(v);
}

function badValue(
  file: string,
  line: number,
  column: string,
  expected: string,
  value: string,
): InputError {
  return new InputError(
    file,
    `expected ${expected} in column ${column}, found '${printable(value)}'`,
    `line ${line}`,
  );
}

/** A value cut to 40 printable characters, for error lines. */
export function printable(value: string): string {
  // deno-lint-ignore no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, "?");
  return clean.length > 40 ? clean.slice(0, 40) + "…" : clean;
}
