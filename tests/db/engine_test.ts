import assert from "node:assert/strict";
import { ENGINES } from "../helpers.ts";
import { openEngine } from "../../lib/db/open.ts";
import { UsageError } from "../../lib/cli/errors.ts";

for (const kind of ENGINES) {
  Deno.test(`${kind}: query returns plain values with 64-bit integers handled`, async () => {
    const e = await openEngine({ engine: kind });
    try {
      const rows = await e.query(
        "SELECT 42::BIGINT AS small, 4510019477524337123::BIGINT AS big, 'x' AS s, 1.5::DOUBLE AS d, NULL AS n, [1, 2] AS l, true AS b",
      );
      assert.deepEqual(rows, [{
        small: 42,
        big: 4510019477524337123n,
        s: "x",
        d: 1.5,
        n: null,
        l: [1, 2],
        b: true,
      }]);
    } finally {
      await e.close();
    }
  });

  Deno.test(`${kind}: bound parameters are never spliced into SQL`, async () => {
    const e = await openEngine({ engine: kind });
    try {
      const hostile = "'); DROP TABLE t; --";
      await e.exec("CREATE TABLE t (s VARCHAR)");
      await e.query("INSERT INTO t VALUES (?)", [hostile]);
      assert.deepEqual(await e.query("SELECT s FROM t WHERE s = ?", [hostile]), [{ s: hostile }]);
    } finally {
      await e.close();
    }
  });

  Deno.test(`${kind}: append bulk-loads a column batch, missing columns NULL`, async () => {
    const e = await openEngine({ engine: kind });
    try {
      await e.exec("CREATE TABLE t (a BIGINT, b VARCHAR, c INTEGER, d DOUBLE)");
      const n = 5000;
      await e.append("t", {
        a: Array.from({ length: n }, (_, i) => i % 2 ? BigInt(i) * 1_000_000_000_000n : i),
        b: Array.from({ length: n }, (_, i) => `name ${i}`),
        d: Array.from({ length: n }, (_, i) => i / 4),
      });
      const [r] = await e.query(
        "SELECT count(*) AS n, count(c) AS c, max(a) AS a, sum(d) AS d, max(b) AS b FROM t",
      );
      assert.deepEqual(r, {
        n,
        c: 0,
        a: 4999 * 1_000_000_000_000,
        d: (n * (n - 1)) / 8,
        b: "name 999",
      });
    } finally {
      await e.close();
    }
  });

  Deno.test(`${kind}: a failed transaction leaves nothing behind`, async () => {
    const e = await openEngine({ engine: kind });
    try {
      await e.exec("CREATE TABLE t (a INTEGER)");
      await assert.rejects(() =>
        e.transaction(async () => {
          await e.append("t", { a: [1, 2, 3] });
          await e.exec("INSERT INTO t VALUES (4)");
          throw new Error("boom");
        }), /boom/);
      assert.deepEqual(await e.query("SELECT count(*)::INTEGER AS n FROM t"), [{ n: 0 }]);
      await e.transaction(async () => await e.append("t", { a: [7] }));
      assert.deepEqual(await e.query("SELECT a FROM t"), [{ a: 7 }]);
    } finally {
      await e.close();
    }
  });
}

Deno.test("wasm refuses a persistent store with a clear usage error", async () => {
  await assert.rejects(
    () => openEngine({ engine: "wasm", path: "x.duckdb" }),
    (e: Error) => e instanceof UsageError && /in memory only/.test(e.message),
  );
});

Deno.test("an unknown engine is a usage error", async () => {
  await assert.rejects(
    () => openEngine({ engine: "sqlite" }),
    (e: Error) => e instanceof UsageError && /unknown engine/.test(e.message),
  );
});

for (const kind of ENGINES) {
  Deno.test(`${kind}: bigint parameters beyond 2^53 bind exactly`, async () => {
    const e = await openEngine({ engine: kind });
    try {
      await e.exec("CREATE TABLE t (a BIGINT)");
      await e.query("INSERT INTO t VALUES (?), (?)", [9007199254740993n, 12n]);
      assert.deepEqual(
        await e.query("SELECT a FROM t WHERE a > ? ORDER BY a", [9007199254740992n]),
        [{ a: 9007199254740993n }],
      );
      assert.deepEqual(await e.query("SELECT a FROM t WHERE a = ?", [12n]), [{ a: 12 }]);
    } finally {
      await e.close();
    }
  });
}
