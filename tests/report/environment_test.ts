import assert from "node:assert/strict";
import { ROOT } from "../helpers.ts";
import { K, writeSynth } from "../synth.ts";
import { memoryStore } from "../helpers.ts";
import { ingestPath } from "../../lib/ingest/mod.ts";
import { decodeSummaries } from "../../lib/analysis/decode.ts";
import { compareRuns } from "../../lib/analysis/compare.ts";
import { compareReport } from "../../lib/report/build.ts";
import { toMarkdown } from "../../lib/report/render.ts";
import { currentProvenance } from "../../lib/report/provenance.ts";

/** A capture folder: a synthetic decode trace, a real manifest (edited), a log. */
async function capture(
  dir: string,
  name: string,
  edit: (m: Record<string, unknown>) => void,
  log?: string,
) {
  const folder = `${dir}/${name}`;
  await Deno.mkdir(folder, { recursive: true });
  await writeSynth(folder, "trace", {
    kernels: [{ name: K.norm, dur: 30 }, { name: K.hipblaslt, dur: 100 }, { name: K.pa, dur: 60 }],
    gap: 1,
  });
  const manifest = JSON.parse(await Deno.readTextFile(`${ROOT}fixtures/capture/h100_run.json`));
  edit(manifest);
  await Deno.writeTextFile(`${folder}/run.json`, JSON.stringify(manifest));
  if (log) await Deno.writeTextFile(`${folder}/server.log`, log);
  return folder;
}

Deno.test("report: a comparison diffs the capture manifests and shows server-log findings", async () => {
  const dir = await Deno.makeTempDir();
  const e = await memoryStore();
  try {
    const base = await capture(
      dir,
      "base",
      () => {},
      await Deno.readTextFile(`${ROOT}tests/capture/fixtures/findings.log`),
    );
    const cand = await capture(dir, "cand", (m) => {
      const pkgs = m.packages as { name: string; version: string }[];
      const torch = pkgs.find((p) => p.name === "torch")!;
      torch.version = "2.12.0";
      (m.env as Record<string, string>).NCCL_ALGO = "Ring";
    });
    const b = await ingestPath(e, base);
    const c = await ingestPath(e, cand);
    const [sb, sc] = await decodeSummaries(e, [b.run_id, c.run_id]);
    assert.ok(sb.manifest && sc.manifest);
    assert.ok(sb.log_findings.length > 0);
    assert.equal(sc.log_findings.length, 0);
    assert.ok(
      sb.findings.some((f) => f.id.startsWith("log:")),
      sb.findings.map((f) => f.id).join(","),
    );
    const cmp = await compareRuns(e, b.run_id, c.run_id, 5);
    const md = toMarkdown(compareReport(sb, sc, cmp, currentProvenance("native")));
    assert.match(md, /## Environment/);
    assert.match(md, /\| package +\| `torch` +\| changed +\| 2\.11\.0 +\| 2\.12\.0 +\|/);
    assert.match(md, /\| env +\| `NCCL_ALGO` +\| added +\|/);
    assert.match(md, /### Server log/);
    assert.match(md, /fused_moe/);
  } finally {
    await e.close();
    await Deno.remove(dir, { recursive: true });
  }
});
