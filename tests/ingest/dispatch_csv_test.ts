/**
 * The dispatch-CSV loader reads the files twice (groups, then rows): both
 * engines store the rows Python's csv module reads, a bad row names the file
 * and line it is in, and a file that changes between the reads is one
 * InputError line (native; DuckDB-wasm reads the size it registered).
 */
import assert from "node:assert/strict";
import type { Engine } from "../../lib/db/engine.ts";
import { InputError } from "../../lib/cli/errors.ts";
import { agentIndex } from "../../lib/ingest/amd_agents.ts";
import { csvHeader, type FieldRule } from "../../lib/ingest/csv.ts";
import { type DispatchCsv, loadDispatchCsvs } from "../../lib/ingest/dispatch_csv.ts";
import { probeFile } from "../../lib/ingest/source.ts";
import { RunWriter } from "../../lib/ingest/writer.ts";
import { fixture, plainRows, py, PY_CSV, tempFile, withBothStores } from "./rocprof_support.ts";

const RULES: FieldRule[] = [
  { field: "name", names: ["Kernel_Name"], required: true },
  { field: "start_ns", names: ["Start_Timestamp"], required: true },
  { field: "end_ns", names: ["End_Timestamp"], required: true },
  { field: "device", names: ["Agent_Id"] },
  { field: "correlation_id", names: ["Correlation_Id"] },
  { field: "grid_x", names: ["Grid_Size_X"] },
  { field: "vgpr", names: ["VGPR_Count"] },
];

const TRACES = ["1234_kernel_trace.csv", "1235_kernel_trace.csv"].map((f) =>
  fixture(`rocprofv3/tp2/host/${f}`)
);

/** Python: per file (in order, numbered from 0), the kernels as [rank, name, start, end]. */
const PY_ROWS = PY_CSV + `
out = []
for rank, path in enumerate(sys.argv[1:]):
    for r in rows(path):
        out.append([rank, r['Kernel_Name'], int(r['Start_Timestamp']), int(r['End_Timestamp'])])
out.sort()
print(json.dumps(out))
`;

async function csvs(paths: string[]): Promise<DispatchCsv[]> {
  return await Promise.all(paths.map(async (path, rank) => {
    const file = await probeFile(path);
    return {
      file,
      header: csvHeader(file)!,
      rules: RULES,
      what: "kernel trace",
      rank: () => rank,
      device: (value: string | null, column: string, line?: number) =>
        agentIndex(value, path, column, line),
    };
  }));
}

/** Load `paths` as run `runId`; returns the rows written. */
async function load(db: Engine, runId: number, paths: string[]) {
  const writer = await RunWriter.open(db, runId);
  return await loadDispatchCsvs(await csvs(paths), writer);
}

async function stored(db: Engine, runId: number): Promise<unknown[][]> {
  const rows = await db.query(
    `SELECT rank, k.name, start_ns, end_ns, device, correlation_id, grid_x, vgpr
     FROM kernel_dispatches JOIN kernel_names k USING (name_id) WHERE run_id = ?
     ORDER BY ALL`,
    [runId],
  );
  return plainRows(rows).map((r) => Object.values(r));
}

Deno.test("dispatch CSVs: both engines store every row as Python's csv module reads it", async (t) => {
  await withBothStores(async (stores) => {
    const expected = await py<unknown[][]>(PY_ROWS, ...TRACES);
    const byEngine: unknown[][][] = [];
    for (const db of stores) {
      await t.step(db.kind, async () => {
        assert.equal(await load(db, 101, TRACES), expected.length);
        const rows = await stored(db, 101);
        assert.deepEqual(rows.map((r) => r.slice(0, 4)), expected);
        byEngine.push(rows);
        const [{ n }] = await db.query(
          "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE 'dispatch_csv_%'",
        );
        assert.equal(n, 0, "no helper table is left behind");
      });
    }
    assert.deepEqual(byEngine[0], byEngine[1], "native and wasm store the same values");
  });
});

Deno.test("dispatch CSVs: a bad row names its file and line", async (t) => {
  await withBothStores(async (stores) => {
    const text = await Deno.readTextFile(TRACES[1]);
    const lines = text.split("\n");
    const bad = await tempFile(
      "1235_kernel_trace.csv",
      [...lines.slice(0, 5), lines[5].replace(/,(\d{16}),/, ",x$1,"), ...lines.slice(6)]
        .join("\n"),
    );
    for (const db of stores) {
      await t.step(db.kind, async () => {
        await db.exec("BEGIN TRANSACTION");
        const err = await load(db, 103, [TRACES[0], bad]).then(() => null, (e) => e);
        await db.exec("ROLLBACK");
        assert.ok(err instanceof InputError, String(err));
        assert.match(err.message, /1235_kernel_trace\.csv:line 6: expected an integer in column/);
      });
    }
  });
});

Deno.test("dispatch CSVs: a file that grows between the two reads is one InputError line (native)", async (t) => {
  await withBothStores(async (stores) => {
    const text = await Deno.readTextFile(TRACES[0]);
    for (const db of stores) {
      await t.step(db.kind, async () => {
        const path = await tempFile("1234_kernel_trace.csv", text);
        const [csv] = await csvs([path]);
        let grown = false;
        // the device callback runs between the grouping read and the insert
        const growing: DispatchCsv = {
          ...csv,
          device: (value, column, line) => {
            if (!grown) {
              grown = true;
              const lines = text.trimEnd().split("\n");
              Deno.writeTextFileSync(path, `${lines.at(-1)}\n`, { append: true });
            }
            return csv.device(value, column, line);
          },
        };
        await db.exec("BEGIN TRANSACTION");
        const writer = await RunWriter.open(db, 104);
        const result = await loadDispatchCsvs([growing], writer).then((n) => n, (e) => e);
        await db.exec("ROLLBACK");
        if (db.kind === "wasm") {
          // DuckDB-wasm reads a registered file at the size it had when registered: both reads agree
          assert.equal(result, text.trimEnd().split("\n").length - 1);
          return;
        }
        const err = result;
        assert.ok(err instanceof InputError, String(err));
        assert.match(
          err.message,
          /1234_kernel_trace\.csv: changed while being read \((\d+) dispatches, then (\d+)\)/,
        );
        const [, before, after] = /\((\d+) dispatches, then (\d+)\)/.exec(err.message)!;
        assert.equal(Number(after), Number(before) + 1);
      });
    }
  });
});
