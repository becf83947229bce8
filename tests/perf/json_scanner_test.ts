/**
 * The Chrome-trace scanner's guessed batch cuts (the fast path) must hand
 * over exactly the elements JSON.parse of the whole document finds, in
 * order, whatever the input's layout, chunking and batch size, including
 * inputs built to make a guess wrong (`},{` inside strings, arrays of
 * objects inside events), and must still report invalid JSON as one
 * InputError naming a byte at or before the error.
 *
 * @module
 */
import assert from "node:assert/strict";
import { scanTopLevel } from "../../lib/ingest/json_scanner.ts";
import { InputError } from "../../lib/cli/errors.ts";

/** `bytes` cut into pieces of 1 to `max` bytes (deterministic). */
function pieces(bytes: Uint8Array, max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = 1 + ((k * 7919) % max);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

async function* stream(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

/** Scan `text` and return the streamed elements, the other top-level values and the batch count. */
async function scan(text: string, batchBytes: number, chunkMax: number) {
  const items: unknown[] = [];
  const values: Record<string, unknown> = {};
  let batches = 0;
  await scanTopLevel(stream(pieces(new TextEncoder().encode(text), chunkMax)), {
    onBatch: (_key, batch) => {
      batches++;
      items.push(...batch);
    },
    onValue: (key, value) => void (values[key] = value),
  }, { arrayKeys: new Set(["traceEvents"]), file: "t.json", batchBytes });
  return { items, values, batches };
}

/** Events whose strings and args contain the byte patterns a guessed cut looks for. */
function trickyEvents(n: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      ph: "X",
      cat: i % 7 === 0 ? "cpu_op" : "kernel",
      name: i % 5 === 0
        ? `k${i}},{"fake":[1],{`
        : i % 3 === 0
        ? `k${i} "quoted" \\ back`
        : `kernel_${i}`,
      ts: 1000 + i * 1.5,
      dur: 0.25 * (i % 9),
      args: i % 4 === 0
        ? { shapes: [{ a: 1 }, { b: [2, { c: "},{" }] }], grid: [1, 2, 3] }
        : { grid: [i, 1, 1], block: [256, 1, 1], note: "é∑ unicode" },
    });
  }
  return out;
}

function layouts(events: unknown[]): Record<string, string> {
  const body = (sep: string) => events.map((e) => JSON.stringify(e)).join(sep);
  return {
    "one per line": `{"schemaVersion":1,"traceEvents":[\n${
      body(",\n")
    }\n],"deviceProperties":[{"name":"X"}]}`,
    "compact": `{"traceEvents":[${body(",")}],"meta":{"k":[1,2]}}`,
    "pretty": JSON.stringify({ a: 1, traceEvents: events, z: "end" }, null, 2),
    "bare array": `[${body(",\n")}]`,
  };
}

Deno.test("json scanner: guessed cuts give the same elements as JSON.parse for every layout, chunking and batch size", async () => {
  const events = trickyEvents(600);
  for (const [layout, text] of Object.entries(layouts(events))) {
    const whole = JSON.parse(text);
    const want = Array.isArray(whole) ? whole : whole.traceEvents;
    for (const batchBytes of [64, 1000, 7777, 1 << 20]) {
      for (const chunkMax of [3, 4096, 1 << 20]) {
        const got = await scan(text, batchBytes, chunkMax);
        assert.deepEqual(got.items, want, `${layout}, batch ${batchBytes}, chunks ≤ ${chunkMax}`);
        if (!Array.isArray(whole)) {
          for (const [k, v] of Object.entries(whole)) {
            if (k !== "traceEvents") assert.deepEqual(got.values[k], v, `${layout}: value ${k}`);
          }
        }
        if (batchBytes === 1000) assert.ok(got.batches > 5, `${layout}: several batches`);
      }
    }
  }
});

Deno.test("json scanner: invalid JSON deep in the array is an InputError at a byte no later than the error", async () => {
  const text = layouts(trickyEvents(400))["one per line"];
  const at = text.indexOf('"kernel_301"');
  const broken = text.slice(0, at) + '"kernel_301",,' + text.slice(at + '"kernel_301",'.length);
  const errors: string[] = [];
  for (const batchBytes of [1000, 1 << 20]) {
    await assert.rejects(
      () => scan(broken, batchBytes, 4096),
      (e: unknown) => {
        assert.ok(e instanceof InputError, `expected an InputError, got ${e}`);
        assert.match(e.message, /invalid JSON in 'traceEvents'/);
        errors.push(e.message.replace(/\(.*\)$/, ""));
        return true;
      },
    );
  }
  // the position names the start of the batch holding the error, which must lie before it
  const errorByte = new TextEncoder().encode(broken.slice(0, at)).length;
  for (const m of errors) {
    const byte = Number(/byte (\d+)/.exec(m)?.[1]);
    assert.ok(
      byte <= errorByte,
      `${m}: reported at byte ${byte}, the error is at byte ${errorByte}`,
    );
  }
});

Deno.test("json scanner: a file cut short inside the array is reported as truncated", async () => {
  const text = layouts(trickyEvents(300))["compact"];
  await assert.rejects(
    () => scan(text.slice(0, Math.floor(text.length * 0.7)), 1000, 4096),
    /truncated/,
  );
});
