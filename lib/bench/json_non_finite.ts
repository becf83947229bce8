/**
 * Python's `json.dump` writes `NaN`, `Infinity` and `-Infinity` for
 * non-finite floats (SGLang's `request_rate` is `Infinity` by default), which
 * `JSON.parse` rejects. This rewrites them, outside strings, to `null`,
 * `"inf"` and `"-inf"` as the bytes stream past, so the JSON readers never see
 * them.
 *
 * @module
 */

const QUOTE = 0x22, BACKSLASH = 0x5c, MINUS = 0x2d, N = 0x4e, I = 0x49;

const WORDS: { text: string; bytes: Uint8Array; out: Uint8Array }[] = [
  ["NaN", "null"],
  ["Infinity", '"inf"'],
  ["-Infinity", '"-inf"'],
].map(([text, out]) => ({
  text,
  bytes: new TextEncoder().encode(text),
  out: new TextEncoder().encode(out),
}));

/** A stateful rewriter: feed chunks in order, then call `end()`. */
export class NonFiniteRewriter {
  #inString = false;
  #escape = false;
  #carry: Uint8Array = new Uint8Array(0);

  /** Rewrite the next chunk; a token cut by the chunk end is held back for the next one. */
  push(chunk: Uint8Array): Uint8Array {
    const data = this.#carry.length ? concat([this.#carry, chunk]) : chunk;
    this.#carry = new Uint8Array(0);
    const parts: Uint8Array[] = [];
    let from = 0;
    for (let i = 0; i < data.length; i++) {
      const b = data[i];
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (b === BACKSLASH) this.#escape = true;
        else if (b === QUOTE) this.#inString = false;
        continue;
      }
      if (b === QUOTE) {
        this.#inString = true;
        continue;
      }
      if (b !== N && b !== I && b !== MINUS) continue;
      if (b === MINUS && i + 1 < data.length && data[i + 1] !== I) continue;
      const word = b === N ? WORDS[0] : b === I ? WORDS[1] : WORDS[2];
      if (i + word.bytes.length > data.length) {
        parts.push(data.subarray(from, i));
        this.#carry = data.slice(i);
        return concat(parts);
      }
      if (!word.bytes.every((x, k) => data[i + k] === x)) continue;
      parts.push(data.subarray(from, i), word.out);
      i += word.bytes.length - 1;
      from = i + 1;
    }
    parts.push(data.subarray(from));
    return parts.length === 1 ? parts[0] : concat(parts);
  }

  /** The bytes still held back (an incomplete token at the very end of the input). */
  end(): Uint8Array {
    const rest = this.#carry;
    this.#carry = new Uint8Array(0);
    return rest;
  }
}

/** Rewrite a byte stream (see {@link NonFiniteRewriter}). */
export async function* rewriteNonFinite(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const w = new NonFiniteRewriter();
  for await (const c of chunks) {
    const out = w.push(c);
    if (out.length) yield out;
  }
  const rest = w.end();
  if (rest.length) yield rest;
}

/** Rewrite one JSON text (a JSON Lines line). */
export function rewriteNonFiniteText(text: string): string {
  if (!/NaN|Infinity/.test(text)) return text;
  const w = new NonFiniteRewriter();
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return dec.decode(w.push(enc.encode(text))) + dec.decode(w.end());
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
