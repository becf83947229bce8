/**
 * Bulk loading through the engines' typed-array fast paths (native data
 * chunks filled as typed arrays, wasm Arrow vectors built from typed arrays):
 * every value comes back as written, NULLs included, across chunk borders,
 * for every column type the canonical tables use; values a column cannot
 * hold are refused; and the wasm engine's memory ceiling is a usage error
 * naming the native engine.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ENGINES } from "../helpers.ts";
import { openEngine } from "../../lib/db/open.ts";
import { UsageError } from "../../lib/cli/errors.ts";
import type { Param } from "../../lib/db/engine.ts";

const ROWS = 5000; // more than two 2048-row chunks

/** A deterministic column of values, some NULL, by type. */
function columns() {
  const big: Param[] = [],
    int: Param[] = [],
    dbl: Param[] = [],
    bool: Param[] = [],
    text: Param[] = [];
  for (let i = 0; i < ROWS; i++) {
    const nul = i % 11 === 3;
    big.push(
      nul
        ? null
        : i % 5 === 0
        ? BigInt(i) * 1_000_000_000_000_000n - 4_000_000_000_000_000_000n
        : i % 7 === 0
        ? -(i * 1_234_567_891_234)
        : 1_767_000_000_000_000_000 / 1e3 + i * 977,
    );
    int.push(nul ? null : i % 2 ? -i * 429_000 : 2_147_483_647 - i);
    dbl.push(nul ? null : i / 7 - 300.25);
    bool.push(nul ? null : i % 3 === 0);
    text.push(nul ? null : i % 13 === 0 ? "" : `name ${i} é∑ "q"`);
  }
  return { big, int, dbl, bool, text };
}

/** What a written value reads back as (BIGINT beyond 2^53 comes back as bigint). */
function expected(v: Param): Param {
  if (
    typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) &&
    v <= BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(v);
  }
  return v;
}

for (const engine of ENGINES) {
  Deno.test(`${engine} append: typed columns round-trip with NULLs across chunk borders`, async () => {
    const e = await openEngine({ engine });
    try {
      await e.exec(
        "CREATE TABLE t (i INTEGER, b BIGINT, d DOUBLE, f BOOLEAN, s VARCHAR, missing BIGINT, n INTEGER)",
      );
      const c = columns();
      const order = Array.from({ length: ROWS }, (_, i) => i);
      await e.append("t", { n: order, b: c.big, i: c.int, d: c.dbl, f: c.bool, s: c.text });
      const rows = await e.query<
        { i: Param; b: Param; d: Param; f: Param; s: Param; missing: Param }
      >(
        "SELECT i, b, d, f, s, missing FROM t ORDER BY n",
      );
      assert.equal(rows.length, ROWS);
      for (let r = 0; r < ROWS; r++) {
        assert.deepEqual(rows[r], {
          i: c.int[r],
          b: expected(c.big[r]),
          d: c.dbl[r],
          f: c.bool[r],
          s: c.text[r],
          missing: null,
        }, `row ${r}`);
      }
      const [counts] = await e.query<{ nulls: number; sum: number }>(
        "SELECT count(*) FILTER (WHERE i IS NULL)::INTEGER AS nulls, sum(i)::DOUBLE AS sum FROM t",
      );
      const ints = c.int.filter((x): x is number => x !== null);
      assert.deepEqual(counts, { nulls: ROWS - ints.length, sum: ints.reduce((a, b) => a + b, 0) });
    } finally {
      await e.close();
    }
  });

  Deno.test(`${engine} append: numbers are rounded into BIGINT as before; values out of range are refused`, async () => {
    const e = await openEngine({ engine });
    try {
      await e.exec("CREATE TABLE t (b BIGINT, i INTEGER)");
      await e.append("t", { b: [1.4, 2.5, -2.5, 2 ** 60], i: [1, 2, 3, 4] });
      const rows = await e.query<{ b: Param }>("SELECT b FROM t ORDER BY i");
      assert.deepEqual(rows.map((r) => r.b), [1, 3, -2, 2n ** 60n]);
      await assert.rejects(() => e.append("t", { b: [2n ** 63n], i: [1] }), /BIGINT/);
      if (engine === "native") {
        await assert.rejects(() => e.append("t", { b: [1], i: [1.5] }), /INTEGER/);
        await assert.rejects(() => e.append("t", { b: [1], i: [2 ** 31] }), /INTEGER/);
      }
    } finally {
      await e.close();
    }
  });
}

Deno.test("wasm engine: running out of memory is a usage error naming the native engine", async () => {
  const e = await openEngine({ engine: "wasm" });
  try {
    await e.exec("SET memory_limit = '40MB'");
    await assert.rejects(
      () =>
        e.exec("CREATE TABLE big AS SELECT range AS a, range::VARCHAR AS s FROM range(20000000)"),
      (err: unknown) => {
        assert.ok(err instanceof UsageError, `expected a UsageError, got ${err}`);
        assert.match(err.message, /ran out of memory.*--engine native/);
        return true;
      },
    );
  } finally {
    await e.close();
  }
});
