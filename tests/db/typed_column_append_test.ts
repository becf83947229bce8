/**
 * Appending columns given as Float64Arrays (what the ingest writer hands over
 * for numeric columns without NULLs): the values stored are those the same
 * numbers give as plain arrays (BIGINT rounded, INTEGER exact), across chunk
 * borders, beside plain and absent columns in the same batch; on the native
 * engine a number an INTEGER or BIGINT cannot hold is refused.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ENGINES } from "../helpers.ts";
import { openEngine } from "../../lib/db/open.ts";
import type { Param } from "../../lib/db/engine.ts";

const ROWS = 5000; // more than two 2048-row chunks

/** Row i's values: a rounded-into-BIGINT timestamp (some halves), an INTEGER, a nullable BIGINT. */
function values(i: number) {
  return {
    ts: 1_918_331_000_808_427 + i * 1000.5 - (i % 3) * 0.25,
    int: i % 2 ? -i * 429_000 : 2_147_483_647 - i,
    grid: i % 50 === 0 ? i * 3 : null,
  };
}

const CREATE = "CREATE TABLE t (n INTEGER, ts BIGINT, i INTEGER, grid BIGINT, absent INTEGER)";

for (const engine of ENGINES) {
  Deno.test(`${engine} append: Float64Array columns store what the same numbers as plain arrays store`, async () => {
    const typed = await openEngine({ engine });
    const plain = await openEngine({ engine });
    try {
      const ts = new Float64Array(ROWS), int = new Float64Array(ROWS), n = new Float64Array(ROWS);
      const grid: Param[] = [];
      for (let r = 0; r < ROWS; r++) {
        const v = values(r);
        [ts[r], int[r], n[r]] = [v.ts, v.int, r];
        grid.push(v.grid);
      }
      await typed.exec(CREATE);
      await plain.exec(CREATE);
      await typed.append("t", { n, ts, i: int, grid });
      await plain.append("t", { n: [...n], ts: [...ts], i: [...int], grid });
      const sql = "SELECT n, ts, i, grid, absent FROM t ORDER BY n";
      const got = await typed.query(sql);
      assert.deepEqual(got, await plain.query(sql));
      assert.equal(got.length, ROWS);
      for (const r of [0, 1, 2, 2047, 2048, 2049, 4095, 4096, ROWS - 1]) {
        const v = values(r);
        assert.deepEqual(
          got[r],
          { n: r, ts: Math.round(v.ts), i: v.int, grid: v.grid, absent: null },
          `row ${r}`,
        );
      }
    } finally {
      await typed.close();
      await plain.close();
    }
  });
}

Deno.test("native append: a Float64Array value an INTEGER or BIGINT cannot hold is refused", async () => {
  const e = await openEngine({ engine: "native" });
  try {
    await e.exec("CREATE TABLE t (b BIGINT, i INTEGER)");
    const refused: [string, ArrayLike<Param>, ArrayLike<Param>, RegExp][] = [
      [
        "a fraction in INTEGER",
        Float64Array.of(1, 2),
        Float64Array.of(1, 1.5),
        /i: 1.5 is not an INTEGER/,
      ],
      ["2^31 in INTEGER", Float64Array.of(1), Float64Array.of(2 ** 31), /is not an INTEGER/],
      ["NaN in BIGINT", Float64Array.of(NaN), Float64Array.of(1), /b: NaN is not a BIGINT/],
      ["Infinity in BIGINT", Float64Array.of(Infinity), Float64Array.of(1), /is not a BIGINT/],
      ["2^63 in BIGINT", Float64Array.of(2 ** 63), Float64Array.of(1), /is not a BIGINT/],
    ];
    for (const [what, b, i, message] of refused) {
      await assert.rejects(() => e.append("t", { b, i }), message, what);
    }
    const [{ rows }] = await e.query("SELECT count(*)::INTEGER AS rows FROM t");
    assert.equal(rows, 0);
  } finally {
    await e.close();
  }
});
