/**
 * A streaming scanner for Chrome-trace style JSON: it walks the top-level
 * object byte by byte, hands small top-level values over parsed, and cuts the
 * large event array (`traceEvents`) into batches of whole elements that are
 * each parsed with one `JSON.parse` call. Memory stays at one batch plus one
 * input chunk, whatever the file size.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";

const QUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b;
const RBRACKET = 0x5d, COMMA = 0x2c, COLON = 0x3a;

/** What the scanner calls back with. */
export interface ScanHandlers {
  /** A batch of parsed elements of the array under `key`. */
  onBatch(key: string, items: unknown[]): Promise<void> | void;
  /** A parsed top-level value other than the streamed arrays. */
  onValue(key: string, value: unknown): void;
}

/** Options for {@link scanTopLevel}. */
export interface ScanOptions {
  /** Top-level keys whose array values are streamed in batches. */
  arrayKeys: ReadonlySet<string>;
  /** Bytes per parsed batch (default 8 MiB). */
  batchBytes?: number;
  /** File name for error messages. */
  file: string;
}

function isSpace(b: number) {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Scan a JSON document whose top level is an object, or a bare array (then
 * the elements are streamed under the key `""`).
 */
export async function scanTopLevel(
  chunks: AsyncIterable<Uint8Array>,
  handlers: ScanHandlers,
  opts: ScanOptions,
): Promise<void> {
  const batchBytes = opts.batchBytes ?? 8 * 1024 * 1024;
  const decoder = new TextDecoder();
  let buf = new Uint8Array(0);
  let base = 0; // file offset of buf[0]
  let pos = 0; // scan position in buf
  // top-level state
  type State = "start" | "key" | "colon" | "pending" | "value" | "after" | "done";
  let state = "start" as State;
  let key = "";
  let bareArray = false;
  // value scanning state
  let valStart = -1; // start of the current value (or batch) in buf
  let depth = 0;
  let inString = false;
  let streaming = false; // inside a streamed array
  let elemEnd = -1; // end of the last complete element of the batch in buf
  let itemsInBatch = 0;

  const fail = (what: string, at = base + pos): never => {
    throw new InputError(opts.file, what, `byte ${at}`);
  };

  const flushBatch = async (end: number) => {
    if (itemsInBatch === 0) return;
    const text = decoder.decode(buf.subarray(valStart, end));
    let items: unknown[];
    try {
      items = JSON.parse("[" + text + "]");
    } catch (e) {
      fail(
        `invalid JSON in '${key}' (${String(e).split("\n")[0].replace(/^SyntaxError: /, "")})`,
        base + valStart,
      );
    }
    itemsInBatch = 0;
    await handlers.onBatch(key, items!);
  };

  for await (const chunk of chunks) {
    // keep unconsumed bytes from valStart (or pos) onwards
    const keepFrom = valStart >= 0 ? valStart : pos;
    const rest = buf.subarray(keepFrom);
    const next = new Uint8Array(rest.length + chunk.length);
    next.set(rest, 0);
    next.set(chunk, rest.length);
    base += keepFrom;
    pos -= keepFrom;
    if (valStart >= 0) valStart -= keepFrom;
    if (elemEnd >= 0) elemEnd -= keepFrom;
    buf = next;

    scan: while (pos < buf.length) {
      if (state === "value" || streaming) {
        // scan inside a value
        if (inString) {
          // find the closing quote, skipping escapes
          let i = pos;
          while (true) {
            const q = buf.indexOf(QUOTE, i);
            if (q < 0) {
              pos = buf.length;
              break;
            }
            let bs = 0;
            for (let j = q - 1; j >= 0 && buf[j] === BACKSLASH; j--) bs++;
            if (bs % 2 === 0) {
              inString = false;
              pos = q + 1;
              break;
            }
            i = q + 1;
          }
          continue;
        }
        const b = buf[pos];
        if (b === QUOTE) {
          inString = true;
          pos++;
          continue;
        }
        if (streaming) {
          if (b === LBRACE || b === LBRACKET) depth++;
          else if (b === RBRACE || b === RBRACKET) {
            if (depth === 0) {
              if (b !== RBRACKET) fail(`expected ']' to close '${key}'`);
              // end of the streamed array
              if (hasContent(buf, elemEnd >= 0 ? elemEnd : valStart, pos)) itemsInBatch++;
              await flushBatch(pos);
              streaming = false;
              valStart = -1;
              elemEnd = -1;
              pos++;
              state = bareArray ? "done" : "after";
              continue;
            }
            depth--;
          } else if (b === COMMA && depth === 0) {
            itemsInBatch++;
            elemEnd = pos;
            if (pos - valStart >= batchBytes) {
              await flushBatch(pos);
              valStart = pos + 1;
              elemEnd = -1;
            }
          }
          pos++;
          continue;
        }
        // a non-streamed value: track depth until it closes
        if (b === LBRACE || b === LBRACKET) depth++;
        else if (b === RBRACE || b === RBRACKET) {
          if (depth === 0) {
            finishValue(pos);
            continue;
          }
          depth--;
          if (depth === 0) {
            pos++;
            finishValue(pos);
            continue;
          }
        } else if (b === COMMA && depth === 0) {
          finishValue(pos);
          continue;
        }
        pos++;
        continue;
      }
      const b = buf[pos];
      if (isSpace(b)) {
        pos++;
        continue;
      }
      switch (state) {
        case "start":
          if (b === LBRACE) state = "key";
          else if (b === LBRACKET) {
            bareArray = true;
            key = "";
            streaming = true;
            depth = 0;
            valStart = pos + 1;
          } else fail("expected a JSON object or array");
          pos++;
          break;
        case "key": {
          if (b === RBRACE) {
            state = "done";
            pos++;
            break;
          }
          if (b !== QUOTE) fail("expected a key string");
          const q = buf.indexOf(QUOTE, pos + 1);
          if (q < 0) {
            // the key continues in the next chunk: keep it and wait
            valStart = pos;
            break scan;
          }
          key = decoder.decode(buf.subarray(pos + 1, q));
          valStart = -1;
          pos = q + 1;
          state = "colon";
          break;
        }
        case "colon":
          if (b !== COLON) fail(`expected ':' after key '${key}'`);
          pos++;
          state = "value";
          // decide mode at the first value byte
          while (pos < buf.length && isSpace(buf[pos])) pos++;
          if (pos >= buf.length) {
            state = "pending"; // the value starts in a later chunk
            break;
          }
          beginValue();
          break;
        case "after":
          if (b === COMMA) state = "key";
          else if (b === RBRACE) state = "done";
          else fail("expected ',' or '}' between top-level members");
          pos++;
          break;
        case "done":
          fail("unexpected data after the end of the JSON document");
          break;
        case "pending":
          state = "value";
          beginValue();
          break;
        default:
          fail("unexpected input");
      }
    }
  }
  if (state !== "done") {
    fail(
      streaming
        ? `truncated: the file ends inside '${key}' (expected ']' and '}')`
        : "truncated: the file ends before the JSON document closes",
      base + buf.length,
    );
  }

  function beginValue() {
    depth = 0;
    inString = false;
    if (opts.arrayKeys.has(key) && buf[pos] === LBRACKET) {
      streaming = true;
      pos++;
      valStart = pos;
      elemEnd = -1;
      itemsInBatch = 0;
    } else {
      valStart = pos;
    }
  }

  function finishValue(end: number) {
    const text = decoder.decode(buf.subarray(valStart, end));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      fail(
        `invalid JSON value for '${key}' (${
          String(e).split("\n")[0].replace(/^SyntaxError: /, "")
        })`,
        base + valStart,
      );
    }
    handlers.onValue(key, value);
    valStart = -1;
    state = "after";
    pos = end;
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
