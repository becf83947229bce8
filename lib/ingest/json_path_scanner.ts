/**
 * A streaming JSON scanner that walks a document byte by byte and hands over
 * only what sits at given paths: arrays whose elements arrive in parsed
 * batches (each batch one `JSON.parse`), and values that arrive parsed
 * whole. Everything else is stepped over without being kept. Memory stays at
 * one batch (or one selected value) plus one input chunk, whatever the size
 * of the file, so deeply nested layouts such as rocprofv3's
 * `rocprofiler-sdk-tool[i].buffer_records.kernel_dispatch[]` stream as well
 * as a top-level array does.
 *
 * A path is the list of object keys and array indices (as strings) from the
 * root; in a pattern, `*` matches any one key or index.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";

const QUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b;
const RBRACKET = 0x5d, COMMA = 0x2c, COLON = 0x3a;

/** What stops the scan inside a value. */
const enum Event {
  MoreInput,
  ValueEnd,
  StreamEnd,
  BatchFull,
  Unbalanced,
}

/** A path pattern: keys and indices, `*` for any one. */
export type PathPattern = readonly string[];

/** What the scanner calls back with. A path is valid only during the call: copy it to keep it. */
export interface PathScanHandlers {
  /** A batch of parsed elements of a streamed array. */
  onBatch(path: readonly string[], items: unknown[]): Promise<void> | void;
  /** A parsed selected value. */
  onValue(path: readonly string[], value: unknown): Promise<void> | void;
  /** An object or array on the way to a selected path has closed. */
  onClose?(path: readonly string[]): Promise<void> | void;
}

/** Options for {@link scanPaths}. */
export interface PathScanOptions {
  /** Arrays whose elements are streamed in batches. */
  streams: readonly PathPattern[];
  /** Values handed over parsed whole. */
  values: readonly PathPattern[];
  /** Bytes per parsed batch (default 8 MiB). */
  batchBytes?: number;
  /** File name for error messages. */
  file: string;
}

/** 1 for the bytes that matter inside a value outside strings: quote, brackets, comma. */
const STRUCTURAL = new Uint8Array(256);
for (const b of [QUOTE, LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA]) STRUCTURAL[b] = 1;

/** Bytes a JSON value can start with. */
const VALUE_START = new Set(
  [LBRACE, LBRACKET, QUOTE, 0x2d, ..."0123456789tfn"].map((c) =>
    typeof c === "number" ? c : c.charCodeAt(0)
  ),
);

function isSpace(b: number) {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function matches(pattern: PathPattern, path: readonly string[]): boolean {
  if (pattern.length !== path.length) return false;
  for (let i = 0; i < path.length; i++) {
    if (pattern[i] !== "*" && pattern[i] !== path[i]) return false;
  }
  return true;
}

function leadsTo(pattern: PathPattern, path: readonly string[]): boolean {
  if (pattern.length <= path.length) return false;
  for (let i = 0; i < path.length; i++) {
    if (pattern[i] !== "*" && pattern[i] !== path[i]) return false;
  }
  return true;
}

/** An object or array the scanner walks through (it leads to a selected path). */
interface Frame {
  array: boolean;
  /** Expecting: a key (objects), a value, or ',' / the closing bracket. */
  expect: "key" | "colon" | "value" | "next";
  /** Whether the container may close here (just opened, no member yet). */
  empty: boolean;
  /** Index of the current element (arrays). */
  index: number;
}

type Mode = "walk" | "value" | "stream";

/**
 * Scan a JSON document. The root must be an object or an array. Errors
 * (malformed or truncated JSON) are InputErrors with the byte offset.
 */
export async function scanPaths(
  chunks: AsyncIterable<Uint8Array>,
  handlers: PathScanHandlers,
  opts: PathScanOptions,
): Promise<void> {
  const batchBytes = opts.batchBytes ?? 8 * 1024 * 1024;
  const decoder = new TextDecoder();
  const stack: Frame[] = [];
  const path: string[] = [];
  let store = new Uint8Array(0); // the input held so far, with room to append
  let buf = store.subarray(0, 0); // the part of store in use
  let base = 0; // file offset of buf[0]
  let pos = 0;
  let mode = "walk" as Mode;
  let rootSeen = false;
  let done = false;
  // a value being stepped over or kept (mode "value") / a streamed array (mode "stream")
  let keep = false; // keep the value's bytes (selected) or just step over them
  let valStart = -1; // start of the kept value / of the current batch
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false; // stepping over a number / true / false / null
  let itemsInBatch = 0;
  let elemEnd = -1;

  const fail = (what: string, at = base + pos): never => {
    throw new InputError(opts.file, what, `byte ${at}`);
  };
  const where = () => (path.length ? `'${path.join(".")}'` : "the document");
  const parse = (from: number, to: number, wrap: boolean): unknown => {
    const text = decoder.decode(buf.subarray(from, to));
    try {
      return JSON.parse(wrap ? "[" + text + "]" : text);
    } catch (e) {
      return fail(
        `invalid JSON in ${where()} (${String(e).split("\n")[0].replace(/^SyntaxError: /, "")})`,
        base + from,
      );
    }
  };

  /** Decide what to do with the value starting at pos (a non-space byte). */
  const beginValue = () => {
    const b = buf[pos];
    if (!VALUE_START.has(b)) fail(`expected a value in ${where()}`);
    if (opts.streams.some((p) => matches(p, path))) {
      if (b !== LBRACKET) {
        // not an array where one is expected: keep it whole and let the caller judge
        keep = true;
      } else {
        mode = "stream";
        pos++;
        valStart = pos;
        depth = 0;
        inString = false;
        escaped = false;
        itemsInBatch = 0;
        elemEnd = -1;
        return;
      }
    } else {
      keep = opts.values.some((p) => matches(p, path));
    }
    if (
      !keep && (b === LBRACE || b === LBRACKET) &&
      [...opts.streams, ...opts.values].some((p) => leadsTo(p, path))
    ) {
      stack.push({
        array: b === LBRACKET,
        expect: b === LBRACKET ? "value" : "key",
        empty: true,
        index: 0,
      });
      if (b === LBRACKET) path.push("0");
      pos++;
      return;
    }
    mode = "value";
    valStart = pos;
    depth = 0;
    inString = false;
    escaped = false;
    scalar = b !== LBRACE && b !== LBRACKET && b !== QUOTE;
  };

  /** The value at the top of the walk is complete: on to ',' or the closing bracket. */
  const valueDone = () => {
    mode = "walk";
    valStart = -1;
    keep = false;
    if (stack.length) stack[stack.length - 1].expect = "next";
    else done = true;
  };

  const closeFrame = async () => {
    const frame = stack.pop()!;
    if (frame.array || !frame.empty) path.pop();
    pos++;
    if (handlers.onClose) await handlers.onClose(path);
    if (stack.length) stack[stack.length - 1].expect = "next";
    else done = true;
  };

  const flushBatch = async (end: number) => {
    if (itemsInBatch === 0) return;
    const items = parse(valStart, end, true) as unknown[];
    itemsInBatch = 0;
    await handlers.onBatch(path, items);
  };

  for await (const chunk of chunks) {
    let len = buf.length;
    if (len + chunk.length > store.length) {
      // out of room: drop the bytes no longer needed, and grow when that is not enough
      const keepFrom = valStart >= 0 && (keep || mode === "stream") ? valStart : pos;
      const kept = len - keepFrom;
      if (kept + chunk.length > store.length) {
        const grown = new Uint8Array(Math.max(2 * store.length, kept + chunk.length, 1 << 16));
        grown.set(store.subarray(keepFrom, len), 0);
        store = grown;
      } else store.copyWithin(0, keepFrom, len);
      len = kept;
      base += keepFrom;
      pos -= keepFrom;
      if (valStart >= 0) valStart -= keepFrom;
      if (elemEnd >= 0) elemEnd -= keepFrom;
    }
    store.set(chunk, len);
    buf = store.subarray(0, len + chunk.length);
    const n = buf.length;

    scan: while (pos < n) {
      if (mode !== "walk") {
        // inside a value (stepped over, kept, or a streamed array)
        if (scalar) {
          const b = buf[pos];
          if (b === COMMA || b === RBRACE || b === RBRACKET || isSpace(b)) {
            if (keep) await handlers.onValue(path, parse(valStart, pos, false));
            scalar = false;
            valueDone();
            continue;
          }
          pos++;
          continue;
        }
        // The hot loop: local copies of the state, run until something happens.
        const streaming = mode === "stream";
        let p = pos, d = depth, items = itemsInBatch, last = elemEnd;
        let s: boolean = inString, esc: boolean = escaped;
        let event = Event.MoreInput;
        const bytes = buf, from = valStart;
        while (p < n) {
          const b = bytes[p];
          if (s) {
            if (esc) esc = false;
            else if (b === BACKSLASH) esc = true;
            else if (b === QUOTE) {
              s = false;
              if (d === 0 && !streaming) { // a bare string value
                p++;
                event = Event.ValueEnd;
                break;
              }
            }
          } else if (STRUCTURAL[b] !== 0) {
            if (b === QUOTE) s = true;
            else if (b === LBRACE || b === LBRACKET) d++;
            else if (b === RBRACE || b === RBRACKET) {
              if (d === 0) {
                event = streaming ? Event.StreamEnd : Event.Unbalanced;
                break;
              }
              d--;
              if (d === 0 && !streaming) {
                p++;
                event = Event.ValueEnd;
                break;
              }
            } else if (d === 0 && streaming) { // a comma between elements
              items++;
              last = p;
              if (p - from >= batchBytes) {
                event = Event.BatchFull;
                break;
              }
            }
          }
          p++;
        }
        pos = p;
        depth = d;
        inString = s;
        escaped = esc;
        itemsInBatch = items;
        elemEnd = last;
        switch (event) {
          case Event.MoreInput:
            break scan;
          case Event.ValueEnd:
            if (keep) await handlers.onValue(path, parse(valStart, pos, false));
            valueDone();
            break;
          case Event.StreamEnd:
            if (buf[pos] !== RBRACKET) fail(`expected ']' to close ${where()}`);
            if (hasContent(buf, elemEnd >= 0 ? elemEnd : valStart, pos)) itemsInBatch++;
            await flushBatch(pos);
            pos++;
            valueDone();
            break;
          case Event.BatchFull:
            await flushBatch(pos);
            valStart = pos + 1;
            elemEnd = -1;
            pos++;
            break;
          case Event.Unbalanced:
            fail(`unbalanced '${String.fromCharCode(buf[pos])}' in ${where()}`);
        }
        continue;
      }
      const b = buf[pos];
      if (isSpace(b)) {
        pos++;
        continue;
      }
      if (done) fail("unexpected data after the end of the JSON document");
      if (!rootSeen) {
        if (b !== LBRACE && b !== LBRACKET) fail("expected a JSON object or array");
        rootSeen = true;
        beginValue();
        continue;
      }
      const frame = stack[stack.length - 1];
      switch (frame.expect) {
        case "key": {
          if (b === RBRACE && frame.empty) {
            await closeFrame();
            break;
          }
          if (b !== QUOTE) fail(`expected a key in ${where()}`);
          let i = pos + 1;
          while (i < n && buf[i] !== QUOTE) i += buf[i] === BACKSLASH ? 2 : 1;
          if (i >= n) break scan; // the key continues in the next chunk: read it again then
          const key = JSON.parse(decoder.decode(buf.subarray(pos, i + 1))) as string;
          if (frame.empty) path.push(key);
          else path[path.length - 1] = key;
          frame.empty = false;
          frame.expect = "colon";
          pos = i + 1;
          break;
        }
        case "colon":
          if (b !== COLON) fail(`expected ':' after key ${where()}`);
          frame.expect = "value";
          pos++;
          break;
        case "value":
          if (frame.array && frame.empty && b === RBRACKET) {
            await closeFrame();
            break;
          }
          frame.empty = false;
          beginValue();
          break;
        case "next":
          if (b === COMMA) {
            pos++;
            if (frame.array) {
              frame.index++;
              path[path.length - 1] = String(frame.index);
              frame.expect = "value";
            } else frame.expect = "key";
          } else if (b === (frame.array ? RBRACKET : RBRACE)) {
            await closeFrame();
          } else fail(`expected ',' or '${frame.array ? "]" : "}"}' in ${where()}`);
          break;
      }
    }
  }
  if (!done) {
    fail(`truncated: the file ends inside ${where()}`, base + buf.length);
  }
}

/** Whether buf[from..to) holds anything but whitespace and a leading comma. */
function hasContent(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (!isSpace(b) && b !== COMMA) return true;
  }
  return false;
}
