import assert from "node:assert/strict";
import { ROOT } from "../helpers.ts";
import { classifyInputs } from "../../lib/ingest/mod.ts";
import { InputError } from "../../lib/cli/errors.ts";

Deno.test("detect: a capture folder written as rocprofv3 CSV and JSON ingests as the CSV", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(
      `${ROOT}fixtures/rocprofv3/current/kernel_trace.csv`,
      `${dir}/1234_kernel_trace.csv`,
    );
    await Deno.copyFile(
      `${ROOT}fixtures/rocprofv3/json/1234_results.json`,
      `${dir}/1234_results.json`,
    );
    const { format, files } = await classifyInputs(dir);
    assert.equal(format.id, "rocprofv3-csv");
    assert.deepEqual(files.map((f) => f.path.split("/").pop()), ["1234_kernel_trace.csv"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("detect: by content, not by extension; unknown files name the supported formats", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${ROOT}fixtures/rocprofv3/current/kernel_trace.csv`, `${dir}/trace.txt`);
    assert.equal((await classifyInputs(`${dir}/trace.txt`)).format.id, "rocprofv3-csv");
    await Deno.writeTextFile(`${dir}/notes.json`, '{"hello": "world"}');
    await assert.rejects(() => classifyInputs(`${dir}/notes.json`), (e: Error) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /supported: .*kineto.*rpd/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
