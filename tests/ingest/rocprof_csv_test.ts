/**
 * Legacy rocprof (v1/v2) CSV ingest: results.csv in the current and the old
 * header, results.stats.csv as an aggregate-only run and ignored beside
 * results.csv, names kept with their `[clone .kd]` suffix, a rank per pid,
 * identical rows on both engines, and bad files that fail with one
 * InputError line and leave no run. Checked against Python's csv module.
 */
import assert from "node:assert/strict";
import type { Engine } from "../../lib/db/engine.ts";
import {
  assertRejected,
  bothStores,
  fixture,
  ingestRun,
  plainRows,
  py,
  PY_CSV,
  runRows,
  tempFile,
} from "./rocprof_support.ts";

/** Python: dispatch tuples of results.csv files, sorted by begin time. */
const PY_RESULTS = PY_CSV + `
pids = []
out = []
for path in sys.argv[1:]:
    for r in rows(path):
        if r['pid'] not in pids:
            pids.append(r['pid'])
        out.append([r['KernelName'], int(r['BeginNs']), int(r['EndNs']), num(r, 'gpu-id'), num(r, 'queue-id'),
            num(r, 'grd'), num(r, 'wgr'), num(r, 'arch_vgpr', 'vgpr'), num(r, 'sgpr'), num(r, 'lds'), num(r, 'scr'), r['pid']])
out.sort(key=lambda x: (x[1], x[0]))
print(json.dumps(out))
`;

async function stored(db: Engine, runId: number): Promise<unknown[][]> {
  const rows = await db.query(
    `SELECT k.name, start_ns, end_ns, device, queue, grid_x, block_x, vgpr, sgpr, lds_bytes, scratch_bytes, rank
     FROM kernel_dispatches d JOIN kernel_names k USING (name_id) WHERE run_id = ? ORDER BY start_ns, k.name`,
    [runId],
  );
  return plainRows(rows).map((r) => Object.values(r));
}

/** Python's tuples with the pid replaced by the rank the store should give it (pids in numeric order). */
function withRanks(rows: unknown[][]): unknown[][] {
  const pids = [...new Set(rows.map((r) => Number(r[11])))].sort((a, b) => a - b);
  return rows.map((r) => [...r.slice(0, 11), pids.indexOf(Number(r[11]))]);
}

Deno.test("rocprof csv: results.csv in both headers, stats, a rank per pid, on both engines", async (t) => {
  const stores = await bothStores();
  try {
    for (const db of Object.values(stores)) {
      for (const variant of ["current", "old"]) {
        await t.step(`${db.kind}: ${variant} results.csv row for row`, async () => {
          const path = fixture(`rocprof/${variant}/results.csv`);
          const r = await ingestRun(db, path);
          const expected = withRanks(await py<unknown[][]>(PY_RESULTS, path));
          assert.ok(expected.length > 100);
          assert.equal(r.format, "rocprof-csv");
          assert.equal(r.counts.dispatches, expected.length);
          assert.deepEqual(await stored(db, r.run_id), expected);
          const names = await db.query<{ n: number }>(
            `SELECT count(*)::INTEGER AS n FROM kernel_dispatches d JOIN kernel_names k USING (name_id)
             WHERE run_id = ? AND (k.name LIKE '% [clone .kd]' OR k.name LIKE '%.kd')`,
            [r.run_id],
          );
          assert.equal(names[0].n, expected.length, "names keep their .kd suffixes");
        });
      }
      await t.step(`${db.kind}: two pids are two ranks`, async () => {
        const r = await ingestRun(db, fixture("rocprof/current/results.csv"));
        const run = await db.query("SELECT rank_count, aggregate_only FROM runs WHERE run_id = ?", [
          r.run_id,
        ]);
        assert.deepEqual(run, [{ rank_count: 2, aggregate_only: false }]);
      });
      await t.step(`${db.kind}: results.stats.csv alone is aggregate-only`, async () => {
        const path = fixture("rocprof/stats/results.stats.csv");
        const r = await ingestRun(db, path);
        const expected = await py<[number, number, number]>(
          PY_CSV +
            `rs = rows(sys.argv[1]); print(json.dumps([len(rs), sum(int(r['Calls']) for r in rs), sum(int(r['TotalDurationNs']) for r in rs)]))`,
          path,
        );
        const got = await db.query(
          "SELECT count(*)::INTEGER AS n, sum(calls)::BIGINT AS calls, sum(total_ns)::BIGINT AS total FROM kernel_stats WHERE run_id = ?",
          [r.run_id],
        );
        assert.deepEqual(Object.values(plainRows(got)[0]), expected);
        const run = await db.query("SELECT aggregate_only FROM runs WHERE run_id = ?", [r.run_id]);
        assert.deepEqual(run, [{ aggregate_only: true }]);
      });
      await t.step(`${db.kind}: beside results.csv the stats file is not used`, async () => {
        const r = await ingestRun(db, fixture("rocprof/current"));
        assert.equal(r.counts.kernel_stats, 0);
        assert.equal(
          r.counts.dispatches,
          (await py<unknown[]>(PY_RESULTS, fixture("rocprof/current/results.csv"))).length,
        );
      });
    }
    await t.step("both engines store identical rows", async () => {
      for (
        const path of [fixture("rocprof/current"), fixture("rocprof/old"), fixture("rocprof/stats")]
      ) {
        const native = await ingestRun(stores.native, path);
        const wasm = await ingestRun(stores.wasm, path);
        for (const table of ["kernel_dispatches", "kernel_stats"]) {
          assert.deepEqual(
            await runRows(stores.wasm, table, wasm.run_id),
            await runRows(stores.native, table, native.run_id),
            `${path}: ${table}`,
          );
        }
      }
    });
  } finally {
    for (const db of Object.values(stores)) await db.close();
  }
});

Deno.test("rocprof csv: cut, garbage and untimed files are refused with one line", async (t) => {
  const stores = await bothStores();
  try {
    const source = await Deno.readTextFile(fixture("rocprof/current/results.csv"));
    const lines = source.trimEnd().split("\n");
    const drop = new Set(["BeginNs", "EndNs"]);
    const header = lines[0].split(",");
    const untimed = lines.map((l) => {
      const fields = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, "")).slice(
        0,
        header.length,
      );
      return fields.filter((_, i) => !drop.has(header[i])).join(",");
    }).join("\n") + "\n";
    const stats = await Deno.readTextFile(fixture("rocprof/stats/results.stats.csv"));
    const withField = (line: string, column: string, value: string) => {
      const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, ""))
        .slice(0, header.length);
      fields[header.indexOf(column)] = value;
      return fields.join(",");
    };
    const files = {
      cut: await tempFile(
        "results.csv",
        lines.slice(0, 30).join("\n") + "\n" + lines[30].slice(0, 25),
      ),
      garbage: await tempFile(
        "results.csv",
        lines.map((l, i) => (i === 10 ? withField(l, "BeginNs", "15201138?!\u0000") : l)).join(
          "\n",
        ) + "\n",
      ),
      untimed: await tempFile("results.csv", untimed),
      statsCut: await tempFile("results.stats.csv", stats.slice(0, stats.indexOf("\n", 300) + 20)),
    };
    for (const db of Object.values(stores)) {
      await t.step(
        `${db.kind}: a file cut mid-row`,
        () =>
          assertRejected(
            db,
            files.cut,
            /results\.csv:line 31: (expected 22 fields as in the header, found \d+|truncated)/,
          ),
      );
      await t.step(
        `${db.kind}: garbage in a timestamp`,
        () =>
          assertRejected(
            db,
            files.garbage,
            /results\.csv:line 11: expected an integer in column BeginNs, found '15201138\?!(\?|\\0)'/,
          ),
      );
      await t.step(
        `${db.kind}: counters without timestamps name the missing columns`,
        () =>
          assertRejected(
            db,
            files.untimed,
            /missing BeginNs, EndNs \(found: Index, KernelName, gpu-id.*; needs: KernelName, BeginNs, EndNs\)/,
          ),
      );
      await t.step(
        `${db.kind}: a stats file cut mid-row`,
        () =>
          assertRejected(
            db,
            files.statsCut,
            /results\.stats\.csv:line \d+: truncated: a quoted value is never closed/,
          ),
      );
    }
  } finally {
    for (const db of Object.values(stores)) await db.close();
  }
});
