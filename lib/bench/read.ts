/**
 * Reading benchmark result files as a sequence of JSON objects ("documents"),
 * whatever their layout: one JSON object (streamed, with its per-request
 * arrays reduced on the way), JSON Lines (`--append-result`, SGLang's JSONL;
 * often named `.json`), or a JSON array of rows. Python's NaN/Infinity are
 * accepted; gzip is handled.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";
import { headText, type InputFile, openBytes, readLines } from "../ingest/source.ts";
import { scanTopLevel } from "../ingest/json_scanner.ts";
import { rewriteNonFinite, rewriteNonFiniteText } from "./json_non_finite.ts";
import { REQUEST_ARRAY_KEYS, RequestArrays } from "./requests.ts";

/** One JSON object of a result file. */
export interface BenchDoc {
  /** Position in the file: JSONL line or array element, 0-based (0 for a single object). */
  index: number;
  /** The object's fields, without the per-request arrays. */
  fields: Record<string, unknown>;
  /** The per-request arrays, when the object had any. */
  requests: RequestArrays | null;
}

/** How a result file lays out its objects. */
type DocLayout = "object" | "lines" | "array";

/** The layout of a file judged from its first bytes, or null when it is not JSON. */
function docLayout(file: InputFile): DocLayout | null {
  const head = headText(file);
  const t = head.trimStart();
  if (t.startsWith("[")) return "array";
  if (!t.startsWith("{")) return null;
  const end = firstValueEnd(t);
  return end > 0 && /\S/.test(t.slice(end)) ? "lines" : "object";
}

/** Every object of a result file, in file order. */
export async function readBenchDocs(file: InputFile): Promise<BenchDoc[]> {
  const layout = docLayout(file);
  if (layout === null) {
    throw new InputError(file.path, "expected JSON (an object, JSON Lines or an array)");
  }
  if (layout === "lines") return await readLinesDocs(file);
  if (layout === "array") return await readArrayDocs(file);
  try {
    return [await readObjectDoc(file)];
  } catch (e) {
    // JSON Lines whose first line is longer than the sniffed head
    if (e instanceof InputError && /after the end of the JSON document/.test(e.message)) {
      return await readLinesDocs(file);
    }
    throw e;
  }
}

async function readObjectDoc(file: InputFile): Promise<BenchDoc> {
  const fields: Record<string, unknown> = {};
  const requests = new RequestArrays();
  await scanTopLevel(rewriteNonFinite(openBytes(file.path, file.gzip)), {
    onBatch: (key, items) => requests.add(key, items),
    onValue: (key, value) => {
      if (REQUEST_ARRAY_KEYS.has(key) && Array.isArray(value)) requests.add(key, value);
      else fields[key] = value;
    },
  }, { arrayKeys: REQUEST_ARRAY_KEYS, file: file.path });
  return { index: 0, fields, requests: requests.present.size ? requests : null };
}

async function readArrayDocs(file: InputFile): Promise<BenchDoc[]> {
  const docs: BenchDoc[] = [];
  await scanTopLevel(rewriteNonFinite(openBytes(file.path, file.gzip)), {
    onBatch: (_key, items) => {
      for (const item of items) docs.push(toDoc(file, docs.length, item, `element ${docs.length}`));
    },
    onValue: () => {},
  }, { arrayKeys: new Set(), file: file.path });
  return docs;
}

async function readLinesDocs(file: InputFile): Promise<BenchDoc[]> {
  const docs: BenchDoc[] = [];
  let lineNo = 0;
  for await (const line of readLines(file.path, file.gzip)) {
    lineNo++;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(rewriteNonFiniteText(line));
    } catch (e) {
      throw new InputError(
        file.path,
        `expected one JSON object per line (${
          String(e).split("\n")[0].replace(/^SyntaxError: /, "")
        })`,
        `line ${lineNo}`,
      );
    }
    docs.push(toDoc(file, docs.length, value, `line ${lineNo}`));
  }
  return docs;
}

function toDoc(file: InputFile, index: number, value: unknown, where: string): BenchDoc {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new InputError(file.path, "expected a JSON object per result", where);
  }
  const fields: Record<string, unknown> = {};
  const requests = new RequestArrays();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (REQUEST_ARRAY_KEYS.has(k) && Array.isArray(v)) requests.add(k, v);
    else fields[k] = v;
  }
  return { index, fields, requests: requests.present.size ? requests : null };
}

/** Index just past the first complete JSON object or array in `text`, or -1. */
function firstValueEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}
