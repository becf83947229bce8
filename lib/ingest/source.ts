/**
 * Reading inputs: byte streams with gzip handled transparently, the first
 * bytes of a file for content sniffing, folder expansion, content hashes, and
 * gzip'd SQLite files decompressed to a temporary file.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { InputError } from "../cli/errors.ts";

/** One input file as the loaders see it. */
export interface InputFile {
  /** Path as given or found in a folder. */
  path: string;
  /** Size on disk in bytes. */
  size: number;
  /** True when the file starts with the gzip magic bytes. */
  gzip: boolean;
  /** Up to 64 KiB of the (decompressed) start of the file. */
  head: Uint8Array;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const HEAD_BYTES = 64 * 1024;

/** Stat and sniff a file; a missing or unreadable file is an InputError. */
export async function probeFile(path: string): Promise<InputFile> {
  let size: number;
  try {
    const st = await Deno.stat(path);
    if (!st.isFile) throw new InputError(path, "expected a file");
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(
      path,
      e instanceof Deno.errors.NotFound ? "no such file" : `cannot read (${e})`,
    );
  }
  const prefix = await readPrefix(path, HEAD_BYTES);
  const gzip = prefix.length >= 2 && prefix[0] === GZIP_MAGIC[0] && prefix[1] === GZIP_MAGIC[1];
  return { path, size, gzip, head: gzip ? await gunzipHead(path) : prefix };
}

async function readPrefix(path: string, n: number): Promise<Uint8Array> {
  const f = await Deno.open(path);
  try {
    const buf = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const r = await f.read(buf.subarray(got));
      if (r === null) break;
      got += r;
    }
    return buf.subarray(0, got);
  } finally {
    f.close();
  }
}

async function gunzipHead(path: string): Promise<Uint8Array> {
  const out = new Uint8Array(HEAD_BYTES);
  let got = 0;
  try {
    for await (const chunk of openBytes(path, true)) {
      const take = Math.min(chunk.length, HEAD_BYTES - got);
      out.set(chunk.subarray(0, take), got);
      got += take;
      if (got >= HEAD_BYTES) break;
    }
  } catch {
    // a truncated gzip still yields what it has; the loader reports the error
  }
  return out.subarray(0, got);
}

/**
 * The file's bytes as a stream of chunks, decompressed when `gzip`. A corrupt
 * or truncated gzip stream becomes an InputError naming the file.
 */
export async function* openBytes(path: string, gzip: boolean): AsyncGenerator<Uint8Array> {
  const file = await Deno.open(path);
  let stream: ReadableStream<Uint8Array> = file.readable;
  if (gzip) {
    stream = stream.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
  }
  const reader = stream.getReader();
  try {
    while (true) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        throw new InputError(path, `corrupt or truncated gzip data (${String(e).split("\n")[0]})`);
      }
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** Lines of a text file (gzip handled), without their line endings, streamed. */
export async function* readLines(path: string, gzip: boolean): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of openBytes(path, gzip)) {
    rest += decoder.decode(chunk, { stream: true });
    let nl: number;
    let from = 0;
    while ((nl = rest.indexOf("\n", from)) >= 0) {
      const line = rest.slice(from, nl);
      yield line.endsWith("\r") ? line.slice(0, -1) : line;
      from = nl + 1;
    }
    rest = rest.slice(from);
  }
  rest += decoder.decode();
  if (rest.length) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}

/** All regular files under `path` (the path itself when it is a file), sorted. */
export async function expandPath(path: string): Promise<string[]> {
  let st: Deno.FileInfo;
  try {
    st = await Deno.stat(path);
  } catch {
    throw new InputError(path, "no such file or folder");
  }
  if (st.isFile) return [path];
  const out: string[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(p);
      else if (e.isFile) out.push(p);
    }
  };
  await walk(path.replace(/\/+$/, ""));
  return out.sort();
}

const FULL_HASH_LIMIT = 8 * 1024 * 1024;
const SAMPLE = 1024 * 1024;

/**
 * Content hash of a set of files: sha256 over every byte for files up to
 * 8 MiB; for larger files over the size plus 1 MiB samples at the start,
 * middle and end (a fingerprint that avoids reading a multi-GB trace twice).
 */
export async function contentHash(paths: string[]): Promise<string> {
  const h = createHash("sha256");
  for (const path of [...paths].sort()) {
    const f = await Deno.open(path);
    try {
      const { size } = await f.stat();
      h.update(`${size}\n`);
      const ranges = size <= FULL_HASH_LIMIT
        ? [[0, size]]
        : [[0, SAMPLE], [Math.floor(size / 2), SAMPLE], [size - SAMPLE, SAMPLE]];
      for (const [off, len] of ranges) {
        await f.seek(off, Deno.SeekMode.Start);
        const buf = new Uint8Array(Math.min(len, 8 * 1024 * 1024));
        let left = len;
        while (left > 0) {
          const r = await f.read(buf.subarray(0, Math.min(buf.length, left)));
          if (r === null) break;
          h.update(buf.subarray(0, r));
          left -= r;
        }
      }
    } finally {
      f.close();
    }
  }
  return h.digest("hex");
}

/**
 * A path to the plain (decompressed) file: the file itself when not gzip'd,
 * else a temporary copy that `cleanup` removes. For SQLite inputs.
 */
export async function plainFile(input: InputFile): Promise<{ path: string; cleanup: () => void }> {
  if (!input.gzip) return { path: input.path, cleanup: () => {} };
  const tmp = await Deno.makeTempFile({ prefix: "tracedeck-", suffix: ".sqlite" });
  const out = await Deno.open(tmp, { write: true, truncate: true });
  try {
    for await (const chunk of openBytes(input.path, true)) {
      let off = 0;
      while (off < chunk.length) off += await out.write(chunk.subarray(off));
    }
  } catch (e) {
    out.close();
    Deno.removeSync(tmp);
    throw e;
  }
  out.close();
  return { path: tmp, cleanup: () => Deno.removeSync(tmp) };
}

/** Decode the head bytes as text (lossy), for sniffing. */
export function headText(input: InputFile): string {
  return new TextDecoder("utf-8", { fatal: false }).decode(input.head);
}
