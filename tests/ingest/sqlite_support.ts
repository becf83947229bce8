/**
 * Shared pieces of the SQLite-format ingest tests (RPD, rocpd, Nsight
 * Systems): independent reads of the raw files through Python's own sqlite3
 * module, ingesting into a fresh store on either engine, counting a run's
 * rows, damaged copies of a file, and checking that bad input fails with one
 * InputError line and leaves nothing behind.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Engine, EngineKind, Param } from "../../lib/db/engine.ts";
import { InputError } from "../../lib/cli/errors.ts";
import { ingestPath, type IngestResult } from "../../lib/ingest/mod.ts";
import { memoryStore, ROOT } from "../helpers.ts";

/** Absolute path of a fixture, e.g. `fixture("rpd/mi300x_tp2_v3.rpd")`. */
export function fixture(rel: string): string {
  return `${ROOT}fixtures/${rel}`;
}

/**
 * Python prelude: `open_db(path)` opens a SQLite file read-only with the
 * stdlib sqlite3 module (gunzipping `.gz` to a temporary file), `rows(db,
 * sql)` and `one(db, sql)` read it, `LAUNCH` matches launch API names.
 */
const PY_SQLITE = `
import sqlite3, json, sys, gzip, shutil, tempfile, os, re, atexit
from collections import Counter
LAUNCH = re.compile('Launch|Memcpy|Memset')
def open_db(path):
    if path.endswith('.gz'):
        tmp = tempfile.NamedTemporaryFile(suffix='.sqlite', delete=False)
        with gzip.open(path, 'rb') as f:
            shutil.copyfileobj(f, tmp)
        tmp.close()
        atexit.register(os.remove, tmp.name)
        path = tmp.name
    return sqlite3.connect('file:%s?mode=ro' % path, uri=True)
def rows(db, sql, *args):
    return db.execute(sql, args).fetchall()
def one(db, sql, *args):
    return db.execute(sql, args).fetchone()[0]
`;

/** Run a Python 3 snippet over the SQLite prelude (argv[1:] = paths) and parse the JSON it prints. */
export async function pySqlite<T>(code: string, ...paths: string[]): Promise<T> {
  const out = await new Deno.Command("python3", {
    args: ["-c", PY_SQLITE + code, ...paths],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`python3 failed: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(new TextDecoder().decode(out.stdout)) as T;
}

/** A fresh in-memory store on `engine` with `path` ingested as run 1. */
export async function ingested(
  path: string,
  engine: EngineKind = "native",
): Promise<{ db: Engine; run: IngestResult }> {
  const db = await memoryStore(engine);
  try {
    return { db, run: await ingestPath(db, path) };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** One integer from a query (e.g. a count), as a number. */
export async function scalar(db: Engine, sql: string, params: Param[] = []): Promise<number> {
  const rows = await db.query(sql, params);
  return Number(Object.values(rows[0])[0]);
}

/** Kernel dispatch counts by kernel name for a run, sorted by name. */
export async function kernelsByName(db: Engine, runId: number): Promise<[string, number][]> {
  const rows = await db.query<{ name: string; n: number }>(
    `SELECT k.name, count(*)::INTEGER AS n FROM kernel_dispatches d JOIN kernel_names k USING (name_id)
     WHERE d.run_id = ? GROUP BY k.name ORDER BY k.name`,
    [runId],
  );
  return rows.map((r) => [r.name, r.n]);
}

/** Python: `Counter` items sorted by key, as [name, count] pairs. */
export const PY_SORTED_COUNTS = "sorted([k, v] for k, v in %s.items())";

/** A temporary copy of `path` cut to half its size. */
export async function truncatedCopy(path: string): Promise<string> {
  const bytes = await Deno.readFile(path);
  const out = await Deno.makeTempFile({ suffix: path.replace(/^.*?((\.[a-z0-9]+)+)$/i, "$1") });
  await Deno.writeFile(out, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return out;
}

/** A temporary copy of `path` with one 4 KiB page in the middle overwritten with garbage. */
export async function corruptedCopy(path: string): Promise<string> {
  const bytes = await Deno.readFile(path);
  const page = 4096;
  const at = Math.floor(bytes.length / 2 / page) * page;
  bytes.fill(0xa5, at, Math.min(at + page, bytes.length));
  const out = await Deno.makeTempFile({ suffix: path.replace(/^.*?((\.[a-z0-9]+)+)$/i, "$1") });
  await Deno.writeFile(out, bytes);
  return out;
}

/** A temporary gzip'd copy of `path` (removing `path`). */
export async function gzipped(path: string): Promise<string> {
  const out = `${path}.gz`;
  const input = await Deno.open(path);
  const output = await Deno.open(out, { write: true, create: true, truncate: true });
  await input.readable.pipeThrough(new CompressionStream("gzip")).pipeTo(output.writable);
  await Deno.remove(path);
  return out;
}

/**
 * Ingesting `path` fails with an InputError whose message is one line
 * naming the file, and leaves no run, dispatch or kernel name behind.
 * Returns the message.
 */
export async function assertBadInput(path: string, engine: EngineKind = "native"): Promise<string> {
  const db = await memoryStore(engine);
  try {
    const err = await ingestPath(db, path).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof InputError, `expected an InputError for ${path}, got ${err}`);
    assert.equal(err.message.split("\n").length, 1, "one line");
    assert.ok(err.message.includes(path), `names the file: ${err.message}`);
    for (
      const table of [
        "runs",
        "kernel_dispatches",
        "kernel_names",
        "markers",
        "memory_ops",
        "api_calls",
      ]
    ) {
      assert.equal(await scalar(db, `SELECT count(*) FROM ${table}`), 0, `${table} left empty`);
    }
    return err.message;
  } finally {
    await db.close();
  }
}
