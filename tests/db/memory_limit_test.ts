/** The native engine's memory cap: default, TRACEDECK_MEMORY_LIMIT, bad values, spill folder. */
import assert from "node:assert/strict";
import { totalmem } from "node:os";
import { UsageError } from "../../lib/cli/errors.ts";
import { openEngine } from "../../lib/db/open.ts";
import { requestedMemoryLimit } from "../../lib/db/memory_limit.ts";

async function withEnv<T>(value: string | undefined, fn: () => Promise<T> | T): Promise<T> {
  const before = Deno.env.get("TRACEDECK_MEMORY_LIMIT");
  if (value === undefined) Deno.env.delete("TRACEDECK_MEMORY_LIMIT");
  else Deno.env.set("TRACEDECK_MEMORY_LIMIT", value);
  try {
    return await fn();
  } finally {
    if (before === undefined) Deno.env.delete("TRACEDECK_MEMORY_LIMIT");
    else Deno.env.set("TRACEDECK_MEMORY_LIMIT", before);
  }
}

async function settings(): Promise<{ limit: string; temp: string }> {
  const db = await openEngine({ engine: "native" });
  try {
    const [r] = await db.query(
      "SELECT current_setting('memory_limit') AS limit, current_setting('temp_directory') AS temp",
    );
    return { limit: String(r.limit), temp: String(r.temp) };
  } finally {
    await db.close();
  }
}

Deno.test("memory limit: 3 GiB by default, spilling under the system temp folder", async () => {
  const s = await withEnv(undefined, settings);
  assert.equal(s.limit, "3.0 GiB");
  assert.match(s.temp, new RegExp(`tracedeck-${Deno.pid}\\.tmp$`));
});

Deno.test("memory limit: TRACEDECK_MEMORY_LIMIT sizes and shares of RAM", async () => {
  assert.equal((await withEnv("512MiB", settings)).limit, "512.0 MiB");
  const half = await withEnv("50%", requestedMemoryLimit);
  assert.equal(half, `${Math.floor(totalmem() / 2 / 2 ** 20)}MiB`);
});

Deno.test("memory limit: a bad value is a usage error naming the variable", async () => {
  for (const bad of ["lots", "0GB", "150%", "3 parsecs"]) {
    await withEnv(bad, () => {
      assert.throws(
        requestedMemoryLimit,
        (e) => e instanceof UsageError && /TRACEDECK_MEMORY_LIMIT expects a size/.test(e.message),
      );
    });
  }
});
