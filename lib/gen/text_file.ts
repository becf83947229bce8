/**
 * A buffered text file for writing multi-GB outputs: text is appended to an
 * in-memory chunk and written out (optionally through gzip) once the chunk
 * passes a size, so memory stays flat whatever the file size.
 *
 * @module
 */
import { dirname } from "node:path";

/** Characters buffered before {@link TextFile.flushIfFull} writes them. */
const CHUNK_CHARS = 1 << 20;

/** A text file written in chunks. */
export class TextFile {
  #pending: string[] = [];
  #pendingChars = 0;
  #encoder = new TextEncoder();
  #buffer = new Uint8Array(4 * CHUNK_CHARS);

  private constructor(
    readonly path: string,
    private file: Deno.FsFile,
    private gzip: { writer: WritableStreamDefaultWriter<BufferSource>; done: Promise<void> } | null,
  ) {}

  /** Create (or truncate) `path`, making its folder; gzip when asked. */
  static async create(path: string, opts: { gzip?: boolean } = {}): Promise<TextFile> {
    await Deno.mkdir(dirname(path), { recursive: true });
    const file = await Deno.open(path, { write: true, create: true, truncate: true });
    if (!opts.gzip) return new TextFile(path, file, null);
    const stream = new CompressionStream("gzip");
    const done = stream.readable.pipeTo(file.writable);
    return new TextFile(path, file, { writer: stream.writable.getWriter(), done });
  }

  /** Append text (buffered). */
  write(text: string): void {
    this.#pending.push(text);
    this.#pendingChars += text.length;
  }

  /** Write the buffer out when it has grown past the chunk size. */
  async flushIfFull(): Promise<void> {
    if (this.#pendingChars >= CHUNK_CHARS) await this.flush();
  }

  /** Write everything buffered. */
  async flush(): Promise<void> {
    if (!this.#pending.length) return;
    const text = this.#pending.join("");
    this.#pending = [];
    this.#pendingChars = 0;
    if (this.#buffer.length < text.length * 3) this.#buffer = new Uint8Array(text.length * 3);
    const { written } = this.#encoder.encodeInto(text, this.#buffer);
    if (this.gzip) {
      await this.gzip.writer.write(this.#buffer.slice(0, written));
      return;
    }
    let off = 0;
    while (off < written) off += this.file.writeSync(this.#buffer.subarray(off, written));
  }

  /** Flush and close the file. */
  async close(): Promise<void> {
    await this.flush();
    if (this.gzip) {
      await this.gzip.writer.close();
      await this.gzip.done;
    } else {
      this.file.close();
    }
  }
}
