/**
 * rocprofv3 JSON ingest: the fixture read row for row against Python's json
 * module, the same capture read from its CSV files giving the same rows,
 * tables that arrive after the records, gzip, identical rows on both engines,
 * the path scanner under any chunking, and bad files (truncated, garbage,
 * missing fields) that fail with one InputError line and leave no run.
 */
import assert from "node:assert/strict";
import type { Engine } from "../../lib/db/engine.ts";
import { scanPaths } from "../../lib/ingest/json_path_scanner.ts";
import {
  assertRejected,
  bothStores,
  fixture,
  gzip,
  ingestRun,
  plainRows,
  py,
  runRows,
  tempFile,
} from "./rocprof_support.ts";

const JSON_FIXTURE = fixture("rocprofv3/json/1234_results.json");

/** Python: what the file holds, as the tuples the store should hold. */
const PY_JSON = `
import json, sys, re
doc = json.load(open(sys.argv[1]))
out = {'kernels': [], 'markers': [], 'copies': [], 'launches': 0}
for p in doc['rocprofiler-sdk-tool']:
    sym = {s['kernel_id']: s for s in p['kernel_symbols']}
    agent = {a['id']['handle']: a['logical_node_id'] for a in p['agents']}
    kinds = p['strings']['buffer_records']
    texts = {m['key']: m['value'] for m in p['strings']['marker_api']}
    rec = p['buffer_records']
    for d in rec['kernel_dispatch']:
        i = d['dispatch_info']
        s = sym[i['kernel_id']]
        out['kernels'].append([s['formatted_kernel_name'], d['start_timestamp'], d['end_timestamp'],
            agent[i['agent_id']['handle']], d['stream_id']['handle'], d['correlation_id']['internal'],
            i['grid_size']['x'], i['grid_size']['y'], i['grid_size']['z'],
            i['workgroup_size']['x'], i['workgroup_size']['y'], i['workgroup_size']['z'],
            s['arch_vgpr_count'], s['sgpr_count'], i['group_segment_size'], i['private_segment_size']])
    for m in rec['marker_api']:
        k = kinds[m['kind']]
        if k['kind'] in ('MARKER_CONTROL_API', 'MARKER_NAME_API'):
            continue
        out['markers'].append([texts.get(m['correlation_id']['internal'], k['operations'][m['operation']]),
            m['start_timestamp'], m['end_timestamp']])
    for c in rec['memory_copy']:
        d = {1: 'HtoH', 2: 'HtoD', 3: 'DtoH', 4: 'DtoD'}[c['operation']]
        dev = agent[c['dst_agent_id']['handle']] if d == 'HtoD' else None if d == 'HtoH' else agent[c['src_agent_id']['handle']]
        out['copies'].append([d, dev, c['bytes'], c['start_timestamp'], c['end_timestamp']])
    for a in rec['hip_api']:
        k = kinds[a['kind']]
        if k['kind'].startswith('HIP_') and re.search('Launch|Memcpy|Memset', k['operations'][a['operation']]):
            out['launches'] += 1
out['kernels'].sort(key=lambda x: (x[1], x[0]))
out['markers'].sort(key=lambda x: (x[1], x[0]))
out['copies'].sort(key=lambda x: (x[3], x[0]))
print(json.dumps(out))
`;

interface Expected {
  kernels: unknown[][];
  markers: unknown[][];
  copies: unknown[][];
  launches: number;
}

async function tuples(db: Engine, sql: string, params: (number | null)[]): Promise<unknown[][]> {
  return plainRows(await db.query(sql, params)).map((r) => Object.values(r));
}

/** The run's rows as Python prints them. */
async function stored(db: Engine, runId: number): Promise<Expected> {
  return {
    kernels: await tuples(
      db,
      `SELECT k.name, start_ns, end_ns, device, stream, correlation_id, grid_x, grid_y, grid_z,
              block_x, block_y, block_z, vgpr, sgpr, lds_bytes, scratch_bytes
       FROM kernel_dispatches d JOIN kernel_names k USING (name_id) WHERE run_id = ? ORDER BY start_ns, k.name`,
      [runId],
    ),
    markers: await tuples(
      db,
      "SELECT name, start_ns, end_ns FROM markers WHERE run_id = ? ORDER BY start_ns, name",
      [runId],
    ),
    copies: await tuples(
      db,
      "SELECT direction, device, bytes, start_ns, end_ns FROM memory_ops WHERE run_id = ? ORDER BY start_ns, direction",
      [runId],
    ),
    launches: (await db.query<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM api_calls WHERE run_id = ?",
      [runId],
    ))[0].n,
  };
}

/** The fixture with its process object's keys reordered so that buffer_records comes first. */
async function recordsFirst(): Promise<string> {
  const doc = JSON.parse(await Deno.readTextFile(JSON_FIXTURE));
  const p = doc["rocprofiler-sdk-tool"][0];
  const { buffer_records, ...rest } = p;
  doc["rocprofiler-sdk-tool"][0] = { buffer_records, ...rest };
  return JSON.stringify(doc);
}

Deno.test("rocprofv3 json: the fixture row for row, equal to its CSV twin, on both engines", async (t) => {
  const stores = await bothStores();
  try {
    const expected = await py<Expected>(PY_JSON, JSON_FIXTURE);
    assert.ok(
      expected.kernels.length > 100 && expected.markers.length > 2 && expected.copies.length > 2,
    );
    const reordered = await tempFile("1234_results.json", await recordsFirst());
    const zipped = await tempFile(
      "1234_results.json.gz",
      await gzip(await Deno.readFile(JSON_FIXTURE)),
    );
    for (const db of Object.values(stores)) {
      await t.step(`${db.kind}: every record as the file has it`, async () => {
        const r = await ingestRun(db, JSON_FIXTURE);
        assert.equal(r.format, "rocprofv3-json");
        assert.deepEqual(await stored(db, r.run_id), expected);
        const run = await db.query(
          "SELECT device_name, arch, rank_count FROM runs WHERE run_id = ?",
          [r.run_id],
        );
        assert.deepEqual(run, [{
          device_name: "AMD Instinct MI300X",
          arch: "gfx942",
          rank_count: 1,
        }]);
      });
      await t.step(`${db.kind}: the same rows as rank 0 of the CSV capture`, async () => {
        const json = await ingestRun(db, JSON_FIXTURE);
        const csv = await ingestRun(db, fixture("rocprofv3/tp2"));
        const same = `SELECT {cols} FROM {table} WHERE run_id = ? AND rank = 0 ORDER BY ALL`;
        const tables: [string, string][] = [
          [
            "kernel_dispatches",
            "device, stream, name_id, start_ns, end_ns, correlation_id, grid_x, grid_y, grid_z, block_x, block_y, block_z, vgpr, sgpr, lds_bytes, scratch_bytes",
          ],
          ["markers", "name, kind, start_ns, end_ns, step_kind, batch_size, num_tokens"],
          ["memory_ops", "device, stream, kind, direction, start_ns, end_ns, name"],
          ["api_calls", "thread, name, start_ns, end_ns, correlation_id"],
        ];
        for (const [table, cols] of tables) {
          const sql = same.replace("{cols}", cols).replace("{table}", table);
          const a = await tuples(db, sql, [json.run_id]);
          assert.ok(a.length > 0, table);
          assert.deepEqual(a, await tuples(db, sql, [csv.run_id]), table);
        }
      });
      await t.step(
        `${db.kind}: records before their kernel_symbols and agents wait for them`,
        async () => {
          const r = await ingestRun(db, reordered);
          assert.deepEqual(await stored(db, r.run_id), expected);
        },
      );
      await t.step(`${db.kind}: .json.gz reads as the plain file`, async () => {
        const r = await ingestRun(db, zipped);
        assert.deepEqual(await stored(db, r.run_id), expected);
      });
    }
    await t.step("both engines store identical rows", async () => {
      const native = await ingestRun(stores.native, JSON_FIXTURE);
      const wasm = await ingestRun(stores.wasm, JSON_FIXTURE);
      for (const table of ["kernel_dispatches", "markers", "memory_ops", "api_calls"]) {
        assert.deepEqual(
          await runRows(stores.wasm, table, wasm.run_id),
          await runRows(stores.native, table, native.run_id),
          table,
        );
      }
    });
  } finally {
    for (const db of Object.values(stores)) await db.close();
  }
});

/** Every callback of a scan, in order, with its path. */
async function scanLog(chunks: Uint8Array[], batchBytes: number): Promise<unknown[]> {
  const log: unknown[] = [];
  await scanPaths(
    (async function* () {
      yield* chunks;
    })(),
    {
      onBatch: (path, items) => void log.push(["batch", path.join("."), items]),
      onValue: (path, value) => void log.push(["value", path.join("."), value]),
      onClose: (path) => void log.push(["close", path.join(".")]),
    },
    {
      file: "test.json",
      batchBytes,
      values: [["meta"], ["tool", "*", "name"]],
      streams: [["tool", "*", "records"]],
    },
  );
  return log;
}

/** `bytes` cut into pieces of 1 to `max` bytes. */
function pieces(bytes: Uint8Array, max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = 1 + ((k * 7919) % max);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

Deno.test("rocprofv3 json: the path scanner gives the same values and batches under any chunking", async () => {
  const doc = {
    'skip "me"': [{ "records": [1, 2] }, "]}", "\\"],
    meta: { pid: 7, 'a"b': 'x\\"]}' },
    tool: [
      {
        name: "p0",
        records: [{ s: 'x\\"]},', n: 1 }, { s: "\u00e9\u2026", n: 2 }, [], {}, null, 3.5e3],
      },
      { records: [], name: ["n", 1] },
      { other: { records: [9] } },
    ],
  };
  const bytes = new TextEncoder().encode(JSON.stringify(doc, null, 2));
  const reference = await scanLog([bytes], 1 << 20);
  const items = reference.filter((e) => (e as unknown[])[0] === "batch").flatMap((e) =>
    (e as unknown[][])[2]
  );
  assert.deepEqual(items, [...doc.tool[0].records!, ...doc.tool[1].records!]);
  assert.deepEqual(reference.filter((e) => (e as unknown[])[0] === "value"), [
    ["value", "meta", doc.meta],
    ["value", "tool.0.name", "p0"],
    ["value", "tool.1.name", ["n", 1]],
  ]);
  const merged = (log: unknown[]) =>
    log.flatMap((e) => {
      const [kind, path, v] = e as [string, string, unknown];
      return kind === "batch" ? (v as unknown[]).map((x) => ["item", path, x]) : [e];
    });
  for (const max of [1, 2, 3, 7, 64]) {
    assert.deepEqual(
      merged(await scanLog(pieces(bytes, max), 16)),
      merged(reference),
      `chunks of up to ${max} bytes`,
    );
  }
});

Deno.test("rocprofv3 json: truncated, garbage and incomplete files are refused with one line", async (t) => {
  const stores = await bothStores();
  try {
    const text = await Deno.readTextFile(JSON_FIXTURE);
    const dispatches = text.indexOf('"kernel_dispatch"');
    const doc = JSON.parse(text);
    const p = doc["rocprofiler-sdk-tool"][0];
    const unknownKernel = structuredClone(doc);
    unknownKernel["rocprofiler-sdk-tool"][0].buffer_records.kernel_dispatch[5].dispatch_info
      .kernel_id = 999;
    const untimed = structuredClone(doc);
    delete untimed["rocprofiler-sdk-tool"][0].buffer_records.marker_api[3].start_timestamp;
    assert.ok(p.buffer_records.kernel_dispatch.length > 5);
    const files = {
      truncated: await tempFile("results.json", text.slice(0, dispatches + 20_000)),
      garbage: await tempFile(
        "results.json",
        text.slice(0, dispatches + 10_000) + "\u0000\u00ff}{,]" + text.slice(dispatches + 10_040),
      ),
      unknownKernel: await tempFile("results.json", JSON.stringify(unknownKernel)),
      untimed: await tempFile("results.json", JSON.stringify(untimed)),
      notRocprof: await tempFile("results.json", JSON.stringify({ rocprofiler: [p] })),
    };
    for (const db of Object.values(stores)) {
      await t.step(
        `${db.kind}: cut inside kernel_dispatch`,
        () =>
          assertRejected(
            db,
            files.truncated,
            /results\.json:byte \d+: truncated: the file ends inside 'rocprofiler-sdk-tool\.0\.buffer_records\.kernel_dispatch'/,
          ),
      );
      await t.step(
        `${db.kind}: garbage bytes`,
        () =>
          assertRejected(
            db,
            files.garbage,
            /results\.json:byte \d+: (invalid JSON|expected|unbalanced)/,
          ),
      );
      await t.step(
        `${db.kind}: a dispatch of an unknown kernel`,
        () =>
          assertRejected(
            db,
            files.unknownKernel,
            /dispatch of kernel_id 999 has no kernel_symbols entry/,
          ),
      );
      await t.step(
        `${db.kind}: a record without its timestamps`,
        () => assertRejected(db, files.untimed, /marker_api record without start_timestamp/),
      );
      await t.step(
        `${db.kind}: JSON of another tool`,
        () => assertRejected(db, files.notRocprof, /not a recognised trace format/),
      );
    }
  } finally {
    for (const db of Object.values(stores)) await db.close();
  }
});
