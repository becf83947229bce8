/**
 * The fixed-cost paths of a Kineto ingest: a plain file read in several
 * pieces one read ahead (every event arrives, a failure releases the file),
 * the scanner's guessed cut at the end of the input (members after the
 * streamed array stay intact), the run's kernel window and rank count taken
 * from what the writer saw (equal to what the table holds, for rows written
 * one by one and for rows bulk-loaded with SQL), and the content hash, which
 * a forced ingest computes while it loads (same digest as before: sha256 over
 * the size and 1 MiB samples for files over 8 MiB).
 *
 * @module
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { memoryStore, needsShared, ROOT, sample } from "../helpers.ts";
import { ingestPath } from "../../lib/ingest/mod.ts";
import { scanTopLevel } from "../../lib/ingest/json_scanner.ts";
import { InputError } from "../../lib/cli/errors.ts";
import type { Engine } from "../../lib/db/engine.ts";

/**
 * A Kineto trace of `kernels` kernels (most without grid and block, as graph
 * replays are, on two devices), launches and step markers, with timestamps
 * whose nanoseconds end in .5 (rounding must agree everywhere).
 */
function kinetoTrace(kernels: number): string {
  const events: string[] = [];
  const name = (i: number) =>
    `void at::native::kernel_${i % 23}<float, ${i % 5}>(at::TensorIterator&, ${
      "x".repeat(i % 97)
    })`;
  for (let i = 0; i < kernels; i++) {
    const ts = 1918331000000 + i * 3.0005;
    if (i % 50 === 0) {
      events.push(JSON.stringify({
        ph: "X",
        cat: "cuda_runtime",
        name: "hipLaunchKernel",
        pid: 7,
        tid: 7,
        ts: ts - 1,
        dur: 0.5,
        args: { correlation: i, grid: [1, 1, 1], block: [64, 1, 1] },
      }));
      events.push(JSON.stringify({
        ph: "X",
        cat: "user_annotation",
        name: `ProfilerStep#${i / 50}`,
        pid: 7,
        tid: 7,
        ts,
        dur: 100,
      }));
    }
    const graphed = i % 9 !== 0;
    events.push(JSON.stringify({
      ph: "X",
      cat: "kernel",
      name: name(i),
      pid: i % 2,
      tid: 0,
      ts,
      dur: 1.25 + (i % 7) * 0.0005,
      args: graphed
        ? { device: i % 2, stream: 0, correlation: i, kind: "Dispatch Task" }
        : { device: i % 2, stream: 0, correlation: i, grid: [i, 1, 1], block: [256, 1, 1] },
    }));
  }
  return `{"schemaVersion":1,"deviceProperties":[{"id":0,"name":"AMD Instinct MI300X"}],` +
    `"traceEvents":[\n${events.join(",\n")}\n],"traceName":"t","after":[{"a":1},{"b":2}]}`;
}

/** Kernel count of a plain Kineto file by an independent route: Python's json module. */
function pythonKernels(path: string): number {
  const script = `
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(1 for e in d["traceEvents"] if e.get("ph") == "X" and e.get("cat") == "kernel"))
`;
  const out = new Deno.Command("python3", { args: ["-c", script, path] }).outputSync();
  return Number(new TextDecoder().decode(out.stdout).trim());
}

/** The content hash as defined: sha256 over each file's size and bytes (1 MiB samples past 8 MiB). */
function expectedHash(path: string): string {
  const bytes = Deno.readFileSync(path);
  const h = createHash("sha256").update(`${bytes.length}\n`);
  const mib = 1024 * 1024;
  if (bytes.length <= 8 * mib) h.update(bytes);
  else {
    const mid = Math.floor(bytes.length / 2);
    h.update(bytes.subarray(0, mib));
    h.update(bytes.subarray(mid, mid + mib));
    h.update(bytes.subarray(bytes.length - mib));
  }
  return h.digest("hex");
}

/** The runs row's window and ranks beside the same facts computed from the run's kernels. */
async function windowAndRanks(e: Engine, runId: number) {
  const [stored] = await e.query(
    "SELECT capture_start_ns AS start, capture_end_ns AS end, rank_count AS ranks FROM runs WHERE run_id = ?",
    [runId],
  );
  const [table] = await e.query(
    `SELECT min(start_ns) AS start, max(end_ns) AS end, count(DISTINCT rank)::INTEGER AS ranks
     FROM kernel_dispatches WHERE run_id = ?`,
    [runId],
  );
  return { stored, table };
}

let bigTrace: string | null = null;

/** A trace of about 12 MiB (several reads of a plain file), built once. */
function bigTraceText(): string {
  return bigTrace ??= kinetoTrace(48000);
}

/** Open descriptors of this process on `path` (Linux's /proc; none where it is absent). */
function openDescriptors(path: string): number {
  let n = 0;
  try {
    for (const fd of Deno.readDirSync("/proc/self/fd")) {
      try {
        if (Deno.readLinkSync(`/proc/self/fd/${fd.name}`) === path) n++;
      } catch {
        // closed while listing
      }
    }
  } catch {
    return 0;
  }
  return n;
}

/** Run `fn` on a temporary file holding `text`, removed after. */
async function withFile(text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-kineto-stream-" });
  try {
    await Deno.writeTextFile(`${dir}/trace.json`, text);
    await fn(`${dir}/trace.json`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("kineto stream: a plain file of several reads gives every kernel, the window and ranks the table holds, and the defined hash", async () => {
  await withFile(bigTraceText(), async (path) => {
    assert.ok((await Deno.stat(path)).size > 10 * 1024 * 1024, "the file spans several reads");
    const e = await memoryStore();
    try {
      const r = await ingestPath(e, path);
      assert.equal(r.format, "kineto");
      assert.equal(r.counts.dispatches, pythonKernels(path));
      const { stored, table } = await windowAndRanks(e, r.run_id);
      assert.deepEqual(stored, table);
      assert.equal(stored.ranks, 1);
      const [{ hash }] = await e.query("SELECT content_hash AS hash FROM runs WHERE run_id = ?", [
        r.run_id,
      ]);
      assert.equal(hash, expectedHash(path));
      // the same content again is a duplicate; forced, it is a new run under the same hash
      const again = await ingestPath(e, path);
      assert.deepEqual([again.duplicate, again.run_id], [true, r.run_id]);
      const forced = await ingestPath(e, path, { force: true });
      assert.equal(forced.duplicate, false);
      const hashes = await e.query("SELECT DISTINCT content_hash AS h FROM runs");
      assert.deepEqual(hashes, [{ h: hash }]);
      assert.equal(openDescriptors(path), 0, "the trace is closed");
    } finally {
      await e.close();
    }
  });
});

Deno.test("kineto stream: invalid JSON in a later read is one InputError, leaves no run and releases the file", async () => {
  const text = bigTraceText();
  const at = text.indexOf('"correlation":40001,');
  assert.ok(at > 8 * 1024 * 1024, "the error lies beyond the first reads");
  const broken = text.slice(0, at) + '"correlation":,' + text.slice(at + 20);
  await withFile(broken, async (path) => {
    const e = await memoryStore();
    try {
      await assert.rejects(() => ingestPath(e, path), (err: unknown) => {
        assert.ok(err instanceof InputError, `expected an InputError, got ${err}`);
        assert.match(err.message, /invalid JSON in 'traceEvents'/);
        return true;
      });
      const [{ n }] = await e.query("SELECT count(*)::INTEGER AS n FROM runs");
      assert.equal(n, 0);
      assert.equal(openDescriptors(path), 0, "the trace is closed");
    } finally {
      await e.close();
    }
  });
});

Deno.test("kineto stream: a folder of two rank files has two ranks and the window of both", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-kineto-stream-" });
  try {
    await Deno.writeTextFile(`${dir}/rank0.json`, kinetoTrace(3000));
    await Deno.writeTextFile(
      `${dir}/rank1.json`,
      kinetoTrace(1000).replaceAll("19183310", "19183320"),
    );
    const e = await memoryStore();
    try {
      const r = await ingestPath(e, dir);
      const { stored, table } = await windowAndRanks(e, r.run_id);
      assert.deepEqual(stored, table);
      assert.equal(stored.ranks, 2);
    } finally {
      await e.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kineto stream: bulk-loaded CSV dispatches get the window and ranks from the table", async () => {
  const e = await memoryStore();
  try {
    const r = await ingestPath(e, `${ROOT}fixtures/rocprofv3/tp2`);
    assert.ok(r.counts.dispatches > 0);
    const { stored, table } = await windowAndRanks(e, r.run_id);
    assert.deepEqual(stored, table);
    assert.equal(stored.ranks, 2);
  } finally {
    await e.close();
  }
});

Deno.test({
  name: "kineto stream: shared samples keep the window and ranks the table holds",
  ignore: needsShared(),
  fn: async () => {
    const e = await memoryStore();
    try {
      for (
        const rel of [
          "amd/mi300x_qwen1.5-0.5b-chat.json.gz",
          "nvidia/h100_qwen1.5-0.5b-chat.json.gz",
        ]
      ) {
        const r = await ingestPath(e, sample(rel));
        const { stored, table } = await windowAndRanks(e, r.run_id);
        assert.deepEqual(stored, table, rel);
      }
    } finally {
      await e.close();
    }
  },
});

Deno.test("json scanner: a guessed cut at the end of the input keeps the members after the array", async () => {
  const events = Array.from({ length: 300 }, (_, i) => ({ i, name: i % 4 ? `k${i}` : "},{" }));
  const tails = [
    `,"after":[{"a":"},{"},{"b":[{},{}]}],"z":{"x":[{"y":1},{"y":2}]}}`,
    `,"after":[[1],[2]]}`,
    `}`,
  ];
  for (const tail of tails) {
    const text = `{"traceEvents":[${events.map((e) => JSON.stringify(e)).join(",")}]${tail}`;
    const whole = JSON.parse(text);
    // batches larger than the whole input: every cut is guessed at the end of the input
    for (const batchBytes of [100, 5000, 1 << 20]) {
      for (const pieceBytes of [7, 1 << 20]) {
        const bytes = new TextEncoder().encode(text);
        const items: unknown[] = [];
        const values: Record<string, unknown> = {};
        await scanTopLevel(
          (async function* () {
            for (let i = 0; i < bytes.length; i += pieceBytes) {
              yield bytes.slice(i, i + pieceBytes);
            }
          })(),
          {
            onBatch: (_key, batch) => void items.push(...batch),
            onValue: (key, value) => void (values[key] = value),
          },
          { arrayKeys: new Set(["traceEvents"]), file: "t.json", batchBytes },
        );
        const label = `tail ${tail.slice(0, 12)}, batch ${batchBytes}, pieces ${pieceBytes}`;
        assert.deepEqual(items, whole.traceEvents, label);
        const { traceEvents: _, ...rest } = whole;
        assert.deepEqual(values, rest, label);
      }
    }
  }
});
