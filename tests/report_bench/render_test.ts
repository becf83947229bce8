/**
 * `report --bench` renders every folder of shared/samples/bench on its own
 * and all of them at once: markdown, a self-contained HTML page and the JSON
 * contract, with counts checked against the raw files (results per folder,
 * failed-request warnings, stats lines of each server log).
 */
import assert from "node:assert/strict";
import { needsShared, sample } from "../helpers.ts";
import { filesUnder, jsonObjects } from "../bench/helpers.ts";
import { assertSelfContained, benchReport, tempDir } from "./helpers.ts";

const BENCH = sample("bench");

/** The folders of shared/samples/bench that hold files directly or below. */
function folders(): string[] {
  return [...Deno.readDirSync(BENCH)].filter((e) => e.isDirectory).map((e) => `${BENCH}/${e.name}`)
    .sort();
}

function assertJsonContract(json: Record<string, unknown>): void {
  assert.equal(json.schema, "tracedeck.bench-report/1");
  for (
    const key of [
      "provenance",
      "units",
      "inputs",
      "labels",
      "tables",
      "warnings",
      "pareto",
      "health",
    ]
  ) {
    assert.ok(key in json, `JSON has ${key}`);
  }
}

Deno.test({
  name: "every folder of shared/samples/bench renders a report on its own",
  ignore: needsShared(),
  async fn() {
    const { dir, done } = await tempDir();
    try {
      for (const folder of folders()) {
        const name = folder.split("/").pop()!;
        const r = await benchReport([folder], `${dir}/${name}`);
        assert.equal(r.code, 0, name);
        assertJsonContract(r.json);
        assertSelfContained(r.html);
        assert.match(r.md, /^# tracedeck serving benchmark: /, name);
        const rows = r.json.tables.reduce(
          (n: number, t: { rows: unknown[] }) => n + t.rows.length,
          0,
        );
        assert.ok(rows <= r.json.inputs[0].results, name);
        assert.equal(r.json.health.length, r.json.inputs[0].server_logs, name);
        assert.equal(r.md.includes("## Serving health"), r.json.health.length > 0, name);
        if (r.json.inputs[0].results) assert.match(r.md, /## Results by \(ISL, OSL\)/, name);
        // the throughput figure is drawn when a point with a concurrency is not rate-limited
        const drawable = r.json.tables.some((t: { rows: Record<string, unknown>[] }) =>
          t.rows.some((p) =>
            p.concurrency !== null && (p.request_rate === "inf" || p.request_rate === null)
          )
        );
        assert.equal(
          r.md.includes("No unthrottled result with a client concurrency"),
          !drawable,
          name,
        );
        if (drawable || r.json.health.length) assert.match(r.html, /<svg/, `${name} has figures`);
      }
    } finally {
      await done();
    }
  },
});

Deno.test({
  name: "all benchmark samples at once: results, warnings and log health match the raw files",
  ignore: needsShared(),
  async fn() {
    const { dir, done } = await tempDir();
    try {
      const r = await benchReport([BENCH, "--weight-bytes", "1.4e11"], `${dir}/all`);
      assert.equal(r.code, 0);
      assertJsonContract(r.json);
      assertSelfContained(r.html);
      const files = filesUnder(BENCH);
      const logs = files.filter((f) => f.endsWith(".log"));
      assert.equal(r.json.inputs[0].server_logs, logs.length);

      // failed requests: the vLLM-shaped files that report failures, read the plain way
      const failing = files.filter((f) => f.endsWith(".json")).flatMap((f) =>
        jsonObjects(f).filter((o) => typeof o.failed === "number" && o.failed > 0)
      );
      const failed = r.json.warnings.find((w: { code: string }) => w.code === "failed_requests");
      assert.equal(failed?.count ?? 0, failing.length);
      assert.ok(failing.length > 0);

      // one timeline point per engine stats line of each log
      for (const log of logs) {
        const text = await Deno.readTextFile(log);
        const stats = text.split("\n").filter((l) => /Avg prompt throughput/.test(l)).length;
        const h = r.json.health.find((x: { source_file: string }) => x.source_file === log);
        assert.equal(h.timeline.length, stats, log);
        assert.ok(h.queued_pct === null || (h.queued_pct >= 0 && h.queued_pct <= 100));
      }
      const kimi = r.json.health.find((x: { source_file: string }) =>
        x.source_file.includes("conc32")
      );
      assert.equal(kimi.client_concurrency, 32);
      assert.equal(kimi.ttft_cause, "queueing");
      assert.match(r.md, /TTFT includes queueing/);

      // the roofline: bounds only where the hardware is known
      assert.equal(r.json.roofline.weight_bytes, 1.4e11);
      for (const row of r.json.roofline.rows) {
        assert.equal(row.min_step_ms === null, row.hbm_tbps === null);
      }
      assert.match(r.md, /## Decode roofline/);
    } finally {
      await done();
    }
  },
});
