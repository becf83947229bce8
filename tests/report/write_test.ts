/**
 * writeAllOrNothing: every file lands, or none does and what was there
 * before stays; no temporary files remain either way.
 */
import assert from "node:assert/strict";
import { writeAllOrNothing } from "../../lib/report/write.ts";

function names(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

Deno.test("writeAllOrNothing writes every file and replaces earlier ones", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-waon-" });
  try {
    await Deno.writeTextFile(`${dir}/a.md`, "old");
    await writeAllOrNothing({ [`${dir}/a.md`]: "A", [`${dir}/sub/b.html`]: "B" });
    assert.equal(await Deno.readTextFile(`${dir}/a.md`), "A");
    assert.equal(await Deno.readTextFile(`${dir}/sub/b.html`), "B");
    assert.deepEqual(names(dir), ["a.md", "sub"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeAllOrNothing leaves nothing behind when one file cannot be written", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-waon-" });
  try {
    await Deno.writeTextFile(`${dir}/a.md`, "old");
    await Deno.writeTextFile(`${dir}/blocker`, "a file where a folder is needed");
    await assert.rejects(writeAllOrNothing({
      [`${dir}/a.md`]: "new",
      [`${dir}/b.html`]: "B",
      [`${dir}/blocker/c.json`]: "C",
    }));
    assert.equal(await Deno.readTextFile(`${dir}/a.md`), "old");
    assert.deepEqual(names(dir), ["a.md", "blocker"]);

    await Deno.mkdir(`${dir}/d.json`);
    await assert.rejects(
      writeAllOrNothing({ [`${dir}/a.md`]: "new", [`${dir}/d.json`]: "D" }),
      /d\.json exists and is not a file/,
    );
    assert.equal(await Deno.readTextFile(`${dir}/a.md`), "old");
    assert.deepEqual(names(dir), ["a.md", "blocker", "d.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
