/**
 * Shared pieces of the rocprof / rocprofv3 ingest tests: independent counts
 * over raw files (Python's csv and json modules), ingesting into a fresh
 * store on either engine, reading a run's rows in a stable order, and
 * checking that bad input fails with one InputError line and leaves nothing.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Engine, EngineKind, Row } from "../../lib/db/engine.ts";
import { InputError } from "../../lib/cli/errors.ts";
import { ingestPath, type IngestResult } from "../../lib/ingest/mod.ts";
import { memoryStore, ROOT } from "../helpers.ts";

/** Absolute path of a fixture, e.g. `fixture("rocprofv3/tp2")`. */
export function fixture(rel: string): string {
  return `${ROOT}fixtures/${rel}`;
}

/** Run a Python 3 snippet (argv[1:] = args) and parse the JSON it prints. */
export async function py<T = unknown>(code: string, ...args: string[]): Promise<T> {
  const out = await new Deno.Command("python3", {
    args: ["-c", code, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (!out.success) throw new Error(`python3 failed: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(new TextDecoder().decode(out.stdout)) as T;
}

/**
 * Python: rows of a CSV file as dicts (`rows(path)`) and `num(row, *keys)` (the
 * first non-empty of the columns as an int), with csv and json imported.
 */
export const PY_CSV = `
import csv, json, sys, gzip, os
def rows(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', newline='') as f:
        return [r for r in csv.DictReader(f) if any(v for v in r.values())]
def num(r, *keys):
    for k in keys:
        if r.get(k) not in (None, ''):
            return int(r[k])
    return None
`;

/** Ingest `path` as a new run (identical content is added again). */
export function ingestRun(db: Engine, path: string): Promise<IngestResult> {
  return ingestPath(db, path, { force: true });
}

/** A table's rows for one run, ordered by every column, without run_id; kernel names resolved. */
export async function runRows(db: Engine, table: string, runId: number): Promise<Row[]> {
  const cols = (await db.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_name = ? AND column_name <> 'run_id' ORDER BY ordinal_position`,
    [table],
  )).map((r) => r.name);
  const select = cols.map((
    c,
  ) => (c === "name_id"
    ? "(SELECT name FROM kernel_names k WHERE k.name_id = t.name_id) AS kernel"
    : c)
  );
  return plainRows(
    await db.query(
      `SELECT ${select.join(", ")} FROM ${table} t WHERE run_id = ? ORDER BY ${
        cols.map((_, i) => i + 1).join(", ")
      }`,
      [runId],
    ),
  );
}

const TABLES = [
  "runs",
  "run_meta",
  "kernel_names",
  "kernel_dispatches",
  "markers",
  "memory_ops",
  "api_calls",
  "kernel_stats",
];

async function tableCounts(db: Engine): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    out[t] = (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`))[0].n;
  }
  return out;
}

/**
 * Ingesting `path` fails with an InputError whose message is one line
 * matching `pattern`, and leaves the store as it was (no run, rows or names).
 */
export async function assertRejected(db: Engine, path: string, pattern: RegExp): Promise<void> {
  const before = await tableCounts(db);
  const err = await ingestRun(db, path).then(() => null, (e) => e);
  assert.ok(
    err instanceof InputError,
    `${db.kind}: expected an InputError for ${path}, got ${err}`,
  );
  assert.ok(!err.message.includes("\n"), `${db.kind}: message is one line: ${err.message}`);
  assert.match(err.message, pattern, `${db.kind}: ${err.message}`);
  assert.deepEqual(
    await tableCounts(db),
    before,
    `${db.kind}: the store is unchanged after a failed ingest`,
  );
}

/** Both engines' in-memory stores, opened once for a test file. */
export async function bothStores(): Promise<Record<EngineKind, Engine>> {
  return { native: await memoryStore("native"), wasm: await memoryStore("wasm") };
}

/** Run `body` with an in-memory store on each engine (native first), closing both afterwards. */
export async function withBothStores(body: (stores: Engine[]) => Promise<void>): Promise<void> {
  const stores = await bothStores();
  try {
    await body([stores.native, stores.wasm]);
  } finally {
    for (const db of Object.values(stores)) await db.close();
  }
}

/** Write `text` to a fresh temporary folder under `name`; returns the file's path. */
export async function tempFile(name: string, data: string | Uint8Array): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-rocprof-" });
  const path = `${dir}/${name}`;
  if (typeof data === "string") await Deno.writeTextFile(path, data);
  else await Deno.writeFile(path, data);
  return path;
}

/** gzip bytes. */
export async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Plain numbers for comparing rows (bigint → number when exact). */
export function plainRows(rows: Row[]): Row[] {
  return JSON.parse(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
}
