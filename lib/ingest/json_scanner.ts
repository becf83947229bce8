/**
 * A streaming scanner for Chrome-trace style JSON: it walks the top-level
 * object byte by byte, hands small top-level values over parsed, and cuts the
 * large event array (`traceEvents`) into batches of whole elements that are
 * each parsed with one `JSON.parse` call. Memory stays at a few MiB of input
 * plus one parsed batch, whatever the file size.
 *
 * Inside the streamed array the scanner first tries a guessed cut: the last
 * `}`/`]` `,` `{`/`[` of the next batch-sized window (or of what is left at
 * the end of the input). The batch before it is parsed as `[` + text + `]`,
 * which only succeeds when the cut lies between two whole elements (a cut
 * inside a string leaves it open, one inside an element leaves a bracket
 * open, one past the array's end leaves its `]` followed by more members), so
 * a successful parse proves the cut. When there is no such candidate or the
 * parse fails (an odd layout, or invalid JSON), that window is scanned byte by
 * byte, which finds the real element ends and reports an error at its
 * position.
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
  /**
   * Bytes per parsed batch (default 1 MiB: the objects of a batch then die
   * young, which keeps garbage collection cheap).
   */
  batchBytes?: number;
  /** File name for error messages. */
  file: string;
}

/** Bytes read from the input at a time (at least; a batch when batches are larger). */
const MIN_GATHER_BYTES = 4 * 1024 * 1024;

/** Bytes read first beyond one batch (for the members before the streamed array). */
const FIRST_EXTRA_BYTES = 64 * 1024;

/**
 * The comma of the last `}`/`]` `,` `{`/`[` (whitespace allowed around the
 * comma) in buf[from..limit), or -1: where two object or array elements
 * probably meet.
 */
function guessCut(buf: Uint8Array, from: number, limit: number): number {
  let c = buf.lastIndexOf(COMMA, limit - 1);
  while (c > from) {
    let before = c - 1;
    while (before > from && isSpace(buf[before])) before--;
    let after = c + 1;
    while (after < limit && isSpace(buf[after])) after++;
    const b = buf[before], a = buf[after];
    if ((b === RBRACE || b === RBRACKET) && (a === LBRACE || a === LBRACKET)) return c;
    c = buf.lastIndexOf(COMMA, c - 1);
  }
  return -1;
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
  const batchBytes = opts.batchBytes ?? 1024 * 1024;
  const gatherBytes = Math.max(batchBytes, MIN_GATHER_BYTES);
  const decoder = new TextDecoder();
  const input = chunks[Symbol.asyncIterator]();
  let eof = false;
  let store = new Uint8Array(0); // the input held so far, with room to read more
  let buf = store.subarray(0, 0); // the part of store in use
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
  let unguessable = -1; // file offset of a batch start whose guessed cut failed

  const fail = (what: string, at = base + pos): never => {
    throw new InputError(opts.file, what, `byte ${at}`);
  };

  /**
   * The elements in buf[from..to) parsed as one array. The bytes just before
   * and at `to` (separators or the array's own brackets; the buffer keeps the
   * byte before a batch for this) stand in for its `[` and `]` during the
   * decode, which spares a copy of the text, and are put back after.
   */
  const parseElements = (from: number, to: number): unknown[] => {
    const before = buf[from - 1], after = buf[to];
    buf[from - 1] = LBRACKET;
    buf[to] = RBRACKET;
    const text = decoder.decode(buf.subarray(from - 1, to + 1));
    buf[from - 1] = before;
    buf[to] = after;
    return JSON.parse(text);
  };

  const flushBatch = async (end: number) => {
    if (itemsInBatch === 0) return;
    let items: unknown[];
    try {
      items = parseElements(valStart, end);
    } catch (e) {
      fail(
        `invalid JSON in '${key}' (${String(e).split("\n")[0].replace(/^SyntaxError: /, "")})`,
        base + valStart,
      );
    }
    itemsInBatch = 0;
    await handlers.onBatch(key, items!);
  };

  /**
   * Read at least gatherBytes more (or up to the end; the first time just
   * over one batch) behind the unconsumed bytes and the one byte before them.
   * These move to the front of one buffer that is reused (grown when a value
   * outgrows it): no parsed value or batch keeps a reference into it, and a
   * fresh buffer per read costs page faults and garbage collection.
   */
  const refill = async () => {
    const keepFrom = Math.max(0, (valStart >= 0 ? valStart : pos) - 1);
    const restLength = buf.length - keepFrom;
    if (store.length < restLength + gatherBytes) {
      const grown = new Uint8Array(restLength + gatherBytes + MIN_GATHER_BYTES);
      grown.set(buf.subarray(keepFrom), 0);
      store = grown;
    } else {
      store.copyWithin(0, keepFrom, buf.length);
    }
    let at = restLength;
    // the first read needs only the head and one batch: parsing starts sooner
    const want = base === 0 && buf.length === 0 ? batchBytes + FIRST_EXTRA_BYTES : gatherBytes;
    while (at - restLength < want) {
      const r = await input.next();
      if (r.done) {
        eof = true;
        break;
      }
      if (at + r.value.length > store.length) {
        const grown = new Uint8Array(2 * (at + r.value.length));
        grown.set(store.subarray(0, at), 0);
        store = grown;
      }
      store.set(r.value, at);
      at += r.value.length;
    }
    buf = store.subarray(0, at);
    base += keepFrom;
    pos -= keepFrom;
    if (valStart >= 0) valStart -= keepFrom;
    if (elemEnd >= 0) elemEnd -= keepFrom;
  };

  /** Parse the batch up to a guessed cut; false when the guess is not a cut between elements. */
  const tryGuessedBatch = async (): Promise<boolean> => {
    const cut = guessCut(buf, valStart, Math.min(valStart + batchBytes, buf.length));
    if (cut < 0) return false;
    let items: unknown[];
    try {
      items = parseElements(valStart, cut);
    } catch {
      return false;
    }
    await handlers.onBatch(key, items);
    valStart = cut + 1;
    pos = cut + 1;
    return true;
  };

  try {
    while (!eof) {
      await refill();
      await scanBuffer();
    }
  } finally {
    if (!eof) await input.return?.();
  }

  async function scanBuffer() {
    scan: while (pos < buf.length) {
      if (
        streaming && pos === valStart && itemsInBatch === 0 && !inString && depth === 0 &&
        base + valStart !== unguessable
      ) {
        // at the start of a batch: guess its end once a whole window (or the
        // rest of the input) is buffered
        if (buf.length <= valStart + batchBytes && !eof) break scan; // read more first
        if (await tryGuessedBatch()) continue;
        unguessable = base + valStart; // scan this batch byte by byte (below)
      }
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
