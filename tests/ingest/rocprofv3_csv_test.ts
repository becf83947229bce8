/**
 * rocprofv3 CSV ingest: the rocprofiler-sdk documentation samples, every
 * fixture header variant, a two-rank per-process folder, aggregate-only
 * stats, names with commas and quotes, gzip, identical rows on both engines,
 * and bad files (cut mid-row, garbage, missing column) that fail with one
 * InputError line and leave no run. Counts and values are checked against
 * Python's csv module reading the same files.
 */
import assert from "node:assert/strict";
import type { Engine } from "../../lib/db/engine.ts";
import { needsShared, sample } from "../helpers.ts";
import {
  assertRejected,
  bothStores,
  fixture,
  gzip,
  ingestRun,
  plainRows,
  py,
  PY_CSV,
  runRows,
  tempFile,
} from "./rocprof_support.ts";

/** Python: the dispatch tuples of a kernel trace, by header name, sorted by start. */
const PY_KERNELS = PY_CSV + `
def agent(v):
    return int(v.split()[-1]) if v not in (None, '') else None
out = []
for path in sys.argv[1:]:
    for r in rows(path):
        out.append([r['Kernel_Name'], int(r['Start_Timestamp']), int(r['End_Timestamp']), agent(r.get('Agent_Id')),
            num(r, 'Queue_Id'), num(r, 'Stream_Id'), num(r, 'Correlation_Id'),
            num(r, 'Grid_Size_X'), num(r, 'Grid_Size_Y'), num(r, 'Grid_Size_Z'),
            num(r, 'Workgroup_Size_X'), num(r, 'Workgroup_Size_Y'), num(r, 'Workgroup_Size_Z'),
            num(r, 'VGPR_Count', 'Vgpr_Count'), num(r, 'SGPR_Count', 'Sgpr_Count'),
            num(r, 'LDS_Block_Size', 'Lds_Block_Size', 'Group_Segment_Size'), num(r, 'Scratch_Size', 'Private_Segment_Size')])
out.sort(key=lambda x: (x[1], x[0]))
print(json.dumps(out))
`;

/** The same tuples from the store, for one run (and one rank when given). */
async function storedKernels(db: Engine, runId: number, rank?: number): Promise<unknown[][]> {
  const rows = await db.query(
    `SELECT k.name, start_ns, end_ns, device, queue, stream, correlation_id, grid_x, grid_y, grid_z,
            block_x, block_y, block_z, vgpr, sgpr, lds_bytes, scratch_bytes
     FROM kernel_dispatches d JOIN kernel_names k USING (name_id)
     WHERE run_id = ? AND (? IS NULL OR rank = ?) ORDER BY start_ns, k.name`,
    [runId, rank ?? null, rank ?? null],
  );
  return plainRows(rows).map((r) => Object.values(r));
}

/** Python: roctx markers of marker_api_trace files (control and naming calls left out). */
const PY_MARKERS = PY_CSV + `
out = []
for path in sys.argv[1:]:
    for r in rows(path):
        if r['Domain'].startswith('MARKER_') and r['Domain'] not in ('MARKER_CONTROL_API', 'MARKER_NAME_API'):
            out.append([r['Function'], int(r['Start_Timestamp']), int(r['End_Timestamp'])])
out.sort(key=lambda x: (x[1], x[0]))
print(json.dumps(out))
`;

/** Python: copies as (direction, device, start, end): device = destination for HtoD, source otherwise. */
const PY_COPIES = PY_CSV + `
short = {'HOST_TO_DEVICE': 'HtoD', 'DEVICE_TO_HOST': 'DtoH', 'DEVICE_TO_DEVICE': 'DtoD', 'HOST_TO_HOST': 'HtoH'}
out = []
for path in sys.argv[1:]:
    for r in rows(path):
        d = short[r['Direction'].replace('MEMORY_COPY_', '')]
        agent = r['Destination_Agent_Id'] if d == 'HtoD' else None if d == 'HtoH' else r['Source_Agent_Id']
        out.append([d, int(agent.split()[-1]) if agent else None, int(r['Start_Timestamp']), int(r['End_Timestamp'])])
out.sort(key=lambda x: (x[2], x[0]))
print(json.dumps(out))
`;

async function storedMarkers(db: Engine, runId: number, rank?: number): Promise<unknown[][]> {
  const rows = await db.query(
    `SELECT name, start_ns, end_ns FROM markers WHERE run_id = ? AND (? IS NULL OR rank = ?) ORDER BY start_ns, name`,
    [runId, rank ?? null, rank ?? null],
  );
  return plainRows(rows).map((r) => Object.values(r));
}

async function storedCopies(db: Engine, runId: number, rank?: number): Promise<unknown[][]> {
  const rows = await db.query(
    `SELECT direction, device, start_ns, end_ns FROM memory_ops WHERE run_id = ? AND (? IS NULL OR rank = ?)
     ORDER BY start_ns, direction`,
    [runId, rank ?? null, rank ?? null],
  );
  return plainRows(rows).map((r) => Object.values(r));
}

const DOCS = "rocprofv3-docs/";

Deno.test({
  name: "rocprofv3 csv: the rocprofiler-sdk documentation samples ingest with exact counts",
  ignore: needsShared(),
  async fn(t) {
    const stores = await bothStores();
    try {
      for (const db of Object.values(stores)) {
        await t.step(`${db.kind}: kernel_trace.csv (2024 header) row for row`, async () => {
          const path = sample(DOCS + "kernel_trace.csv");
          const r = await ingestRun(db, path);
          const expected = await py<unknown[][]>(PY_KERNELS, path);
          assert.equal(r.counts.dispatches, expected.length);
          assert.deepEqual(await storedKernels(db, r.run_id), expected);
        });
        await t.step(`${db.kind}: marker_api_trace.csv gives roctx markers`, async () => {
          const path = sample(DOCS + "marker_api_trace.csv");
          const r = await ingestRun(db, path);
          const expected = await py<unknown[][]>(PY_MARKERS, path);
          assert.equal(r.counts.markers, expected.length);
          assert.deepEqual(await storedMarkers(db, r.run_id), expected);
          const kinds = await db.query("SELECT DISTINCT kind FROM markers WHERE run_id = ?", [
            r.run_id,
          ]);
          assert.deepEqual(kinds, [{ kind: "roctx" }]);
        });
        await t.step(`${db.kind}: memory_copy_trace.csv gives copies`, async () => {
          const path = sample(DOCS + "memory_copy_trace.csv");
          const r = await ingestRun(db, path);
          const expected = await py<unknown[][]>(PY_COPIES, path);
          assert.equal(r.counts.memory_ops, expected.length);
          assert.deepEqual(await storedCopies(db, r.run_id), expected);
        });
        await t.step(
          `${db.kind}: the folder is one run; counter and API stats files are skipped`,
          async () => {
            const r = await ingestRun(db, sample(DOCS));
            assert.equal(r.format, "rocprofv3-csv");
            assert.equal(
              r.counts.dispatches,
              (await py<unknown[]>(PY_KERNELS, sample(DOCS + "kernel_trace.csv"))).length,
            );
            assert.equal(
              r.counts.markers,
              (await py<unknown[]>(PY_MARKERS, sample(DOCS + "marker_api_trace.csv"))).length,
            );
            assert.equal(
              r.counts.memory_ops,
              (await py<unknown[]>(PY_COPIES, sample(DOCS + "memory_copy_trace.csv"))).length,
            );
            assert.equal(r.counts.kernel_stats, 0);
            const run = await db.query(
              "SELECT rank_count, aggregate_only FROM runs WHERE run_id = ?",
              [r.run_id],
            );
            assert.deepEqual(run, [{ rank_count: 1, aggregate_only: false }]);
          },
        );
        await t.step(
          `${db.kind}: counter collection or API stats alone hold no trace`,
          async () => {
            await assertRejected(
              db,
              sample(DOCS + "kernel_names.csv"),
              /no kernel dispatches.*--kernel-trace/,
            );
            await assertRejected(db, sample(DOCS + "hip_api_stats.csv"), /no kernel dispatches/);
          },
        );
      }
    } finally {
      for (const db of Object.values(stores)) await db.close();
    }
  },
});

Deno.test("rocprofv3 csv: fixtures of every header variant, a two-rank folder and stats", async (t) => {
  const stores = await bothStores();
  try {
    for (const db of Object.values(stores)) {
      for (const variant of ["current", "v2024", "rocpd_convert"]) {
        await t.step(`${db.kind}: ${variant} kernel_trace.csv row for row`, async () => {
          const path = fixture(`rocprofv3/${variant}/kernel_trace.csv`);
          const r = await ingestRun(db, path);
          const expected = await py<unknown[][]>(PY_KERNELS, path);
          assert.ok(expected.length > 100);
          assert.equal(r.counts.dispatches, expected.length);
          assert.deepEqual(await storedKernels(db, r.run_id), expected);
        });
      }
      await t.step(`${db.kind}: tp2 folder: one run, a rank per process in pid order`, async () => {
        const dir = fixture("rocprofv3/tp2/host/");
        const r = await ingestRun(db, fixture("rocprofv3/tp2"));
        for (const [rank, pid] of [[0, 1234], [1, 1235]]) {
          assert.deepEqual(
            await storedKernels(db, r.run_id, rank),
            await py(PY_KERNELS, `${dir}${pid}_kernel_trace.csv`),
          );
          assert.deepEqual(
            await storedMarkers(db, r.run_id, rank),
            await py(PY_MARKERS, `${dir}${pid}_marker_api_trace.csv`),
          );
          assert.deepEqual(
            await storedCopies(db, r.run_id, rank),
            await py(PY_COPIES, `${dir}${pid}_memory_copy_trace.csv`),
          );
        }
        const launches = await py<number>(
          PY_CSV +
            `import re\nprint(sum(1 for p in sys.argv[1:] for r in rows(p) if r['Domain'].startswith('HIP_') and re.search('Launch|Memcpy|Memset', r['Function'])))`,
          `${dir}1234_hip_api_trace.csv`,
          `${dir}1235_hip_api_trace.csv`,
        );
        assert.equal(r.counts.api_calls, launches);
        assert.equal(
          r.counts.kernel_stats,
          0,
          "kernel_stats.csv is not used beside a kernel trace",
        );
        const run = await db.query(
          "SELECT rank_count, device_name, arch, aggregate_only FROM runs WHERE run_id = ?",
          [r.run_id],
        );
        const gpu = await py<string[][]>(
          PY_CSV +
            `print(json.dumps(sorted({(r['Name'], r['Product_Name']) for r in rows(sys.argv[1]) if r['Agent_Type'] == 'GPU'})))`,
          `${dir}1234_agent_info.csv`,
        );
        assert.equal(gpu.length, 1);
        assert.deepEqual(run, [{
          rank_count: 2,
          device_name: gpu[0][1],
          arch: gpu[0][0],
          aggregate_only: false,
        }]);
        const steps = await db.query(
          `SELECT step_kind, batch_size, num_tokens, count(*)::INTEGER AS n FROM markers WHERE run_id = ?
           GROUP BY ALL ORDER BY step_kind NULLS FIRST`,
          [r.run_id],
        );
        assert.deepEqual(steps, [
          { step_kind: null, batch_size: null, num_tokens: null, n: 2 },
          { step_kind: "decode", batch_size: 8, num_tokens: 8, n: 8 },
          { step_kind: "prefill", batch_size: 2, num_tokens: 1024, n: 2 },
        ]);
      });
      await t.step(
        `${db.kind}: other rocprofv3 outputs beside the traces are skipped`,
        async () => {
          const dir = await Deno.makeTempDir({ prefix: "tracedeck-rocprof-" });
          await Deno.mkdir(`${dir}/host`);
          for await (const e of Deno.readDir(fixture("rocprofv3/tp2/host"))) {
            await Deno.copyFile(fixture(`rocprofv3/tp2/host/${e.name}`), `${dir}/host/${e.name}`);
          }
          const api =
            '"Domain","Function","Process_Id","Thread_Id","Correlation_Id","Start_Timestamp","End_Timestamp"\n';
          await Deno.writeTextFile(
            `${dir}/host/1234_hsa_api_trace.csv`,
            api +
              '"HSA_CORE_API","hsa_queue_create",1234,1234,9001,1,2\n"HIP_RUNTIME_API","hipLaunchKernel",1234,1234,9002,3,4\n',
          );
          await Deno.writeTextFile(
            `${dir}/host/1234_memory_allocation_trace.csv`,
            '"Kind","Operation","Agent_Id","Allocation_Size","Address","Correlation_Id","Start_Timestamp","End_Timestamp"\n' +
              '"MEMORY_ALLOCATION","MEMORY_ALLOCATION_ALLOCATE","Agent 2",4096,"0x00007f0000000000",9003,5,6\n',
          );
          await Deno.writeTextFile(
            `${dir}/host/1234_domain_stats.csv`,
            '"Name","Calls","TotalDurationNs","AverageNs","Percentage","MinNs","MaxNs","StdDev"\n' +
              '"HIP_API",264,1000,3.78,100.0,1,9,1.0\n',
          );
          const plain = await ingestRun(db, fixture("rocprofv3/tp2"));
          const extra = await ingestRun(db, dir);
          assert.deepEqual(extra.counts, plain.counts);
          for (const table of ["kernel_dispatches", "markers", "memory_ops", "api_calls"]) {
            assert.deepEqual(
              await runRows(db, table, extra.run_id),
              await runRows(db, table, plain.run_id),
              table,
            );
          }
        },
      );
      await t.step(`${db.kind}: kernel_stats.csv alone is an aggregate-only run`, async () => {
        const path = fixture("rocprofv3/stats/kernel_stats.csv");
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
        const run = await db.query("SELECT aggregate_only, rank_count FROM runs WHERE run_id = ?", [
          r.run_id,
        ]);
        assert.deepEqual(run, [{ aggregate_only: true, rank_count: 1 }]);
      });
    }
    await t.step("both engines store identical rows", async () => {
      for (
        const path of [
          fixture("rocprofv3/tp2"),
          fixture("rocprofv3/v2024"),
          fixture("rocprofv3/stats"),
        ]
      ) {
        const native = await ingestRun(stores.native, path);
        const wasm = await ingestRun(stores.wasm, path);
        for (
          const table of ["kernel_dispatches", "markers", "memory_ops", "api_calls", "kernel_stats"]
        ) {
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

const NAMES_WITH_COMMAS = [
  'my_kernel<"quoted", 2>(float*, int)',
  'plain "double" quotes',
  "void f<a, b>(x,\ny) with a newline",
  " spaces around ",
  "",
];

Deno.test("rocprofv3 csv: names with commas and quotes survive, gzip reads the same, bad files are refused", async (t) => {
  const stores = await bothStores();
  const source = await Deno.readTextFile(fixture("rocprofv3/current/kernel_trace.csv"));
  const lines = source.trimEnd().split("\n");
  const header = lines[0].split(",");
  try {
    const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const nameCol = header.indexOf('"Kernel_Name"');
    const withName = (line: string, name: string) =>
      splitCsv(line).map((f, i) => (i === nameCol ? quoted(name) : f)).join(",");
    const named = [
      lines[0],
      ...NAMES_WITH_COMMAS.map((n, i) => withName(lines[i + 1], n)),
      ...lines.slice(NAMES_WITH_COMMAS.length + 1),
    ].join("\n") + "\n";
    const namedPath = await tempFile("kernel_trace.csv", named);
    const gzPath = await tempFile(
      "kernel_trace.csv.gz",
      await gzip(new TextEncoder().encode(source)),
    );
    const lineStart = (i: number) => lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0); // 0-based line i
    const cut = source.slice(0, source.indexOf('",', lineStart(60) + 30) + 2); // just after line 61's kernel name
    const enc = new TextEncoder();
    const junk = [0xff, 0xfe, 0x00, 0x2c, 0x93, 0x2c, 0x22, 0xc3, 0x28];
    const garbage = new Uint8Array([
      ...enc.encode(source.slice(0, lineStart(40) + 20)),
      ...junk,
      ...enc.encode(source.slice(lineStart(40) + 40)),
    ]);
    const startCol = header.indexOf('"Start_Timestamp"');
    const dropped = lines.map((l) =>
      splitCsv(l).filter((_, i) => i !== startCol).join(",")
    ).join("\n") + "\n";
    const badAgent = source.replace('"Agent 2"', '"Agent two"');
    const badUtf8 = new Uint8Array([
      ...enc.encode(source.slice(0, lineStart(40) + 60)),
      ...[0xff, 0xfe, 0x41, 0x93, 0xc3, 0x28],
      ...enc.encode(source.slice(lineStart(40) + 66)),
    ]);
    const files = {
      cut: await tempFile("kernel_trace.csv", cut),
      garbage: await tempFile("kernel_trace.csv", garbage),
      dropped: await tempFile("kernel_trace.csv", dropped),
      badAgent: await tempFile("kernel_trace.csv", badAgent),
      badUtf8: await tempFile("kernel_trace.csv", badUtf8),
      openQuote: await tempFile(
        "kernel_trace.csv",
        source + '"KERNEL_DISPATCH","Agent 2",1,1,1234,9,23,"never closed',
      ),
      markerCut: await tempFile(
        "marker_api_trace.csv",
        (await Deno.readTextFile(fixture("rocprofv3/tp2/host/1234_marker_api_trace.csv"))).slice(
          0,
          -30,
        ),
      ),
    };
    for (const db of Object.values(stores)) {
      await t.step(`${db.kind}: names with commas, quotes, newlines, or empty`, async () => {
        const r = await ingestRun(db, namedPath);
        const got = (await storedKernels(db, r.run_id)).slice(0, NAMES_WITH_COMMAS.length).map((
          k,
        ) => k[0]);
        assert.deepEqual(got, NAMES_WITH_COMMAS);
        assert.deepEqual(await storedKernels(db, r.run_id), await py(PY_KERNELS, namedPath));
      });
      await t.step(`${db.kind}: kernel_trace.csv.gz reads as the plain file`, async () => {
        const plain = await ingestRun(db, fixture("rocprofv3/current/kernel_trace.csv"));
        const zipped = await ingestRun(db, gzPath);
        assert.deepEqual(
          await runRows(db, "kernel_dispatches", zipped.run_id),
          await runRows(db, "kernel_dispatches", plain.run_id),
        );
      });
      await t.step(
        `${db.kind}: a file cut mid-row`,
        () =>
          assertRejected(db, files.cut, /kernel_trace\.csv:line 61: expected 22 fields.*found \d+/),
      );
      await t.step(
        `${db.kind}: garbage bytes`,
        () => assertRejected(db, files.garbage, /kernel_trace\.csv:(line 41|byte \d+): /),
      );
      await t.step(
        `${db.kind}: invalid UTF-8 inside a kernel name`,
        () => assertRejected(db, files.badUtf8, /:(line 41|byte \d+): invalid UTF-8 text$/),
      );
      await t.step(
        `${db.kind}: a missing required column names what was found and needed`,
        () =>
          assertRejected(
            db,
            files.dropped,
            /missing Start_Timestamp \(found: Kind, Agent_Id,.*; needs: Kernel_Name, Start_Timestamp, End_Timestamp\)/,
          ),
      );
      await t.step(
        `${db.kind}: an agent id that is not one`,
        () => assertRejected(db, files.badAgent, /agent id like 'Agent 2'.*'Agent two'/),
      );
      await t.step(
        `${db.kind}: a quoted value never closed`,
        () => assertRejected(db, files.openQuote, /never closed/),
      );
      await t.step(
        `${db.kind}: a marker trace cut mid-row`,
        () =>
          assertRejected(db, files.markerCut, /marker_api_trace\.csv:line \d+: expected 7 fields/),
      );
    }
  } finally {
    for (const db of Object.values(stores)) await db.close();
  }
});

/** Split one CSV line (no newlines in values) into raw fields, quotes kept. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      out.push(field);
      field = "";
    } else field += c;
  }
  out.push(field);
  return out;
}
