import assert from "node:assert/strict";
import { UsageError } from "../../lib/cli/errors.ts";
import { GEN_DEFAULTS, generate, type GenOptions } from "../../lib/gen/mod.ts";
import { ROOT } from "../helpers.ts";

const base: GenOptions = {
  ...GEN_DEFAULTS,
  format: "rocprofv3",
  out: "/nonexistent/never-written",
};

const BAD: [string, Partial<GenOptions>, RegExp][] = [
  ["rocprofv3 on NVIDIA", { arch: "sm90" }, /rocprofv3 traces come from AMD GPUs/],
  ["dispatches not divisible by ranks", { dispatches: 10_001, ranks: 2 }, /must divide evenly/],
  ["too few dispatches for one decode step", { dispatches: 1_000 }, /needs at least \d+ per rank/],
  ["unknown model", { model: "gpt-5" }, /--model expects one of/],
  ["unknown arch", { arch: "gfx1100" as GenOptions["arch"] }, /--arch expects one of/],
  ["gzip on CSV", { gzip: true }, /--gzip applies to --format kineto only/],
  ["zero ranks", { ranks: 0 }, /--ranks expects an integer ≥ 1/],
];

for (const [what, patch, message] of BAD) {
  Deno.test(`gen options: ${what} is a usage error`, async () => {
    await assert.rejects(() => generate({ ...base, ...patch }), (e: unknown) => {
      assert(e instanceof UsageError, `expected UsageError, got ${e}`);
      assert.match(e.message, message);
      return true;
    });
  });
}

Deno.test("gen CLI: bad input exits 2 with one line; --json prints the summary", async () => {
  const bad = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "lib/cli/gen.ts",
      "--format",
      "rocprofv3",
      "--arch",
      "sm90",
      "--out",
      "/tmp/x",
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(bad.code, 2);
  const err = new TextDecoder().decode(bad.stderr).trim();
  assert.equal(err.split("\n").length, 1);
  assert.match(err, /^tracedeck: rocprofv3 traces come from AMD GPUs/);

  const dir = await Deno.makeTempDir({ prefix: "tracedeck-gen-cli-" });
  try {
    const ok = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        "lib/cli/gen.ts",
        "--format",
        "kineto",
        "--out",
        `${dir}/k`,
        "--model",
        "llama-8b",
        "--dispatches",
        "2000",
        "--manifest",
        "--json",
      ], // deno-fmt-ignore
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(ok.code, 0, new TextDecoder().decode(ok.stderr));
    const [row] = JSON.parse(new TextDecoder().decode(ok.stdout));
    assert.equal(row.dispatches, 2000);
    assert.equal(row.manifest, `${dir}/k.manifest.json`);
    const manifest = JSON.parse(await Deno.readTextFile(row.manifest));
    assert.equal(manifest.dispatches.total, 2000);
    assert.equal(manifest.files.length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
