/**
 * Bad usage, missing or bad inputs and unwritable outputs: the report CLI
 * prints one line on stderr, exits 2, and leaves no partial NAME.md/html/json
 * (an earlier report at the same path stays as it was).
 */
import assert from "node:assert/strict";
import { decodeKernels, writeTrace } from "./kineto_fixture.ts";
import { exists, reportCli, toolStderr } from "./report_support.ts";

/** Run the CLI, expect exit 2 with one stderr line matching `pattern`, and no report at `out`. */
async function expectRefused(args: string[], pattern: RegExp, out?: string): Promise<void> {
  const r = await reportCli(args);
  const lines = toolStderr(r.stderr);
  assert.equal(r.code, 2, `${args.join(" ")}: exit ${r.code}\n${r.stderr}`);
  assert.equal(lines.length, 1, `${args.join(" ")}: one stderr line, got:\n${r.stderr}`);
  assert.match(lines[0], /^tracedeck: /);
  assert.match(lines[0], pattern);
  assert.equal(r.stdout, "");
  if (out) {
    for (const ext of ["md", "html", "json"]) {
      assert.ok(!(await exists(`${out}.${ext}`)), `${out}.${ext} written`);
    }
  }
}

Deno.test("report refuses bad usage with one line and exit 2", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-usage-" });
  try {
    const trace = await writeTrace(dir, "t.json", { steps: 3, kernels: decodeKernels(10) });
    const out = `${dir}/r`;
    await expectRefused([], /exactly one trace or run/);
    await expectRefused([trace, "--bogus"], /Unknown option '--bogus'/);
    await expectRefused(
      [trace, "--threshold", "abc", "--out", out],
      /--threshold expects a percentage/,
      out,
    );
    await expectRefused(
      [trace, "--skip", "1.5", "--out", out],
      /--skip expects a whole number/,
      out,
    );
    await expectRefused(
      [trace, "--step-marker", "((", "--out", out],
      /not a valid regular expression/,
      out,
    );
    await expectRefused([trace, "--out", `${dir}/`], /--out expects a path without extension/);
    await expectRefused([trace, "--vs"], /argument missing/);
    await expectRefused([trace, "--csv", "--out", out], /--csv is not offered/, out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report --help prints the usage, and --bench hands over to the benchmark report", async () => {
  const help = await reportCli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task report <trace-or-run>/);
  assert.match(help.stdout, /--fail-on-regression/);
  const bench = await reportCli(["--bench", "--help"]);
  assert.equal(bench.code, 0, bench.stderr);
  assert.match(bench.stdout, /serving-benchmark/i);
});

Deno.test("report refuses missing and bad inputs with one line and exit 2, writing nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-inputs-" });
  try {
    const trace = await writeTrace(dir, "t.json", { steps: 3, kernels: decodeKernels(10) });
    const text = await Deno.readTextFile(trace);
    await Deno.writeTextFile(`${dir}/truncated.json`, text.slice(0, Math.floor(text.length / 2)));
    await Deno.writeTextFile(`${dir}/notes.txt`, "not a trace\n");
    const out = `${dir}/r`;
    await expectRefused(
      [`${dir}/missing.json.gz`, "--out", out],
      /missing\.json\.gz: no such file/,
      out,
    );
    await expectRefused(
      [trace, "--vs", `${dir}/nope/base.json`, "--out", out],
      /nope\/base\.json: no such file/,
      out,
    );
    await expectRefused([`${dir}/notes.txt`, "--out", out], /not a recognised trace format/, out);
    await expectRefused([`${dir}/truncated.json`, "--out", out], /truncated\.json.*truncated/, out);
    await expectRefused(
      [trace, "--rules", `${dir}/no-rules.tsv`, "--out", out],
      /no-rules\.tsv/,
      out,
    );
    await expectRefused(
      ["some-run-label", "--db", `${dir}/absent.duckdb`, "--out", out],
      /some-run-label/,
      out,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report writes all three outputs or none: an unwritable target leaves the previous report intact", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-write-" });
  try {
    const trace = await writeTrace(dir, "t.json", { steps: 3, kernels: decodeKernels(10) });
    // The parent of the output is a file: nothing can be created.
    await Deno.writeTextFile(`${dir}/afile`, "x");
    await expectRefused([trace, "--out", `${dir}/afile/r`], /cannot write the report/);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["afile", "t.json"]);

    // An earlier report, then a rerun whose NAME.json is blocked by a folder: the old files stay.
    const ok = await reportCli([trace, "--out", `${dir}/r`]);
    assert.equal(ok.code, 0, ok.stderr);
    const before = await Deno.readTextFile(`${dir}/r.md`);
    await Deno.remove(`${dir}/r.json`);
    await Deno.mkdir(`${dir}/r.json`);
    const r = await reportCli([trace, "--out", `${dir}/r`]);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(toolStderr(r.stderr).length, 1, r.stderr);
    assert.match(r.stderr, /r\.json exists and is not a file/);
    assert.equal(
      await Deno.readTextFile(`${dir}/r.md`),
      before,
      "the earlier markdown is untouched",
    );
    assert.ok((await Deno.stat(`${dir}/r.json`)).isDirectory);
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => /\.(tmp|bak)-/.test(n)),
      [],
      "no temporary files left",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
