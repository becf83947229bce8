/**
 * rocpd ingest: a folder of two per-process databases (uuid-suffixed tables
 * with views) as one two-rank run, counted against Python's sqlite3 reading
 * the suffix-less views; agents' arch; a single database; tables without a
 * uuid suffix; the wasm engine; a missing column; truncated and corrupted
 * files.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import type { Engine, EngineKind } from "../../lib/db/engine.ts";
import { expandPath } from "../../lib/ingest/source.ts";
import { writeRocpd } from "../../fixtures/gen/rocpd_writer.ts";
import {
  kernelNames,
  timeline,
  vllmDecodeStep,
  vllmPrefillStep,
} from "../../fixtures/gen/sqlite_fixture_kit.ts";
import {
  assertBadInput,
  corruptedCopy,
  fixture,
  ingested,
  kernelsByName,
  PY_SORTED_COUNTS,
  pySqlite,
  scalar,
  truncatedCopy,
} from "./sqlite_support.ts";

/** What Python counts over the raw databases. */
interface RocpdFacts {
  dispatches: number;
  markers: number;
  launches: number;
  copies: number;
  names: [string, number][];
  vgpr: number;
  lds: number;
  grid: number;
  decode: number;
  /** [pid, GPU type index, dispatches] per process, by pid. */
  processes: [number, number, number][];
  arch: string[];
  product: string[];
}

const PY_ROCPD = `
names, procs, arch, product = Counter(), [], set(), set()
out = dict(dispatches=0, markers=0, launches=0, copies=0, vgpr=0, lds=0, grid=0, decode=0)
for path in sys.argv[1:]:
    db = open_db(path)
    d = rows(db, '''SELECT s.display_name, s.arch_vgpr_count, k.group_segment_size, k.grid_size_x, p.pid,
        a.type_index, a.name, a.product_name FROM rocpd_kernel_dispatch k
        JOIN rocpd_info_kernel_symbol s ON s.id = k.kernel_id JOIN rocpd_info_process p ON p.id = k.pid
        JOIN rocpd_info_agent a ON a.id = k.agent_id''')
    regions = rows(db, '''SELECT c.string, n.string, e.extdata FROM rocpd_region r
        JOIN rocpd_event e ON e.id = r.event_id JOIN rocpd_string c ON c.id = e.category_id
        JOIN rocpd_string n ON n.id = r.name_id''')
    labels = [json.loads(x[2]).get('message', x[1]) for x in regions if x[0].startswith('MARKER_CORE')]
    out['dispatches'] += len(d)
    out['markers'] += len(labels)
    out['decode'] += sum(1 for l in labels if '_context_0(' in l)
    out['launches'] += sum(1 for x in regions if x[0].startswith('HIP_') and LAUNCH.search(x[1]))
    out['copies'] += one(db, 'SELECT count(*) FROM rocpd_memory_copy')
    out['vgpr'] += sum(r[1] for r in d)
    out['lds'] += sum(r[2] for r in d)
    out['grid'] += sum(r[3] for r in d)
    names.update(r[0] for r in d)
    for (pid, gpu), n in Counter((r[4], r[5]) for r in d).items():
        procs.append([pid, gpu, n])
    arch.update(r[6] for r in d)
    product.update(r[7] for r in d)
out['names'] = ${PY_SORTED_COUNTS.replace("%s", "names")}
out['processes'] = sorted(procs)
out['arch'] = sorted(arch)
out['product'] = sorted(product)
print(json.dumps(out))
`;

async function storeFacts(db: Engine, runId: number): Promise<Omit<RocpdFacts, "processes">> {
  const q = (sql: string) => scalar(db, sql, [runId]);
  const run = await db.query<{ arch: string; device_name: string }>(
    "SELECT arch, device_name FROM runs WHERE run_id = ?",
    [runId],
  );
  return {
    dispatches: await q("SELECT count(*) FROM kernel_dispatches WHERE run_id = ?"),
    markers: await q("SELECT count(*) FROM markers WHERE run_id = ? AND kind = 'roctx'"),
    launches: await q("SELECT count(*) FROM api_calls WHERE run_id = ?"),
    copies: await q("SELECT count(*) FROM memory_ops WHERE run_id = ? AND kind = 'copy'"),
    names: await kernelsByName(db, runId),
    vgpr: await q("SELECT sum(vgpr) FROM kernel_dispatches WHERE run_id = ?"),
    lds: await q("SELECT sum(lds_bytes) FROM kernel_dispatches WHERE run_id = ?"),
    grid: await q("SELECT sum(grid_x) FROM kernel_dispatches WHERE run_id = ?"),
    decode: await q("SELECT count(*) FROM markers WHERE run_id = ? AND step_kind = 'decode'"),
    arch: [run[0].arch],
    product: [run[0].device_name],
  };
}

/** Ingest `path` and check it against Python's reading of `files`. */
async function checkAgainstRaw(
  path: string,
  files: string[],
  engine: EngineKind = "native",
): Promise<RocpdFacts> {
  const expected = await pySqlite<RocpdFacts>(PY_ROCPD, ...files);
  const { db, run } = await ingested(path, engine);
  try {
    assert.equal(run.format, "rocpd");
    const { processes, ...rest } = expected;
    assert.deepEqual(await storeFacts(db, run.run_id), rest);
    const ranks = await db.query<{ rank: number; device: number; n: number }>(
      `SELECT rank, device, count(*)::INTEGER AS n FROM kernel_dispatches WHERE run_id = ?
       GROUP BY rank, device ORDER BY rank`,
      [run.run_id],
    );
    assert.deepEqual(
      ranks.map((r) => [r.device, r.n]),
      processes.map(([, gpu, n]) => [gpu, n]),
      "a rank per process",
    );
    const linked = await scalar(
      db,
      `SELECT count(*) FROM kernel_dispatches d JOIN api_calls a
         ON a.run_id = d.run_id AND a.rank = d.rank AND a.correlation_id = d.correlation_id
       WHERE d.run_id = ? AND a.name = 'hipLaunchKernel'`,
      [run.run_id],
    );
    assert.equal(linked, expected.dispatches, "every dispatch links to its hipLaunchKernel");
    return expected;
  } finally {
    await db.close();
  }
}

const RUN = fixture("rocpd/tp2");

Deno.test("rocpd folder of two per-process databases: one run, a rank per process, counts match", async () => {
  const facts = await checkAgainstRaw(RUN, await expandPath(RUN));
  assert.deepEqual([facts.dispatches, facts.markers, facts.launches, facts.copies], [
    108,
    12,
    132,
    24,
  ]);
  assert.deepEqual(facts.processes, [[31400, 0, 54], [31401, 1, 54]]);
  assert.deepEqual([facts.arch, facts.product], [["gfx942"], ["AMD Instinct MI300X"]]);
});

Deno.test("rocpd single database: one rank", async () => {
  const one = fixture("rocpd/tp2/node0/31401_results.db");
  const facts = await checkAgainstRaw(one, [one]);
  assert.deepEqual(facts.processes, [[31401, 1, 54]]);
});

Deno.test("rocpd tables without a uuid suffix (merged or older output) are read the same way", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/plain.db`;
  writeRocpd(path, {
    uuid: "",
    guid: "5d0c1e2f-0000-4000-8000-000000000001",
    pid: 4711,
    gpuIndex: 1,
    steps: [...timeline({
      names: kernelNames("amd"),
      stepNames: [vllmDecodeStep(4, 100), vllmDecodeStep(4, 101), vllmPrefillStep(2, 256)],
      kernelsPerStep: 5,
      t0: 1_000_000n,
      seed: 7,
    })],
  });
  try {
    const facts = await checkAgainstRaw(path, [path]);
    assert.deepEqual([facts.dispatches, facts.markers, facts.decode, facts.processes], [15, 3, 2, [[
      4711,
      1,
      15,
    ]]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("rocpd: one database holding several processes' rows (by guid, ids overlapping) splits them", async () => {
  const dir = await Deno.makeTempDir();
  const merged = `${dir}/merged.db`;
  const files = await expandPath(RUN);
  const db = new DatabaseSync(merged);
  for (const [i, file] of files.entries()) {
    db.exec(`ATTACH '${file}' AS src`);
    const tables = db.prepare("SELECT name FROM src.sqlite_master WHERE type = 'view'").all()
      .map((r) => String(r.name));
    for (const t of tables) {
      db.exec(
        i === 0
          ? `CREATE TABLE ${t} AS SELECT * FROM src.${t}`
          : `INSERT INTO ${t} SELECT * FROM src.${t}`,
      );
    }
    db.exec("DETACH src");
  }
  db.close();
  try {
    const facts = await checkAgainstRaw(merged, files);
    assert.deepEqual(facts.processes, [[31400, 0, 54], [31401, 1, 54]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("rocpd folder on the wasm engine: same counts as the raw files", async () => {
  await checkAgainstRaw(RUN, await expandPath(RUN), "wasm");
});

Deno.test("rocpd: a dispatch table without grid columns is an InputError naming found and needed columns", async () => {
  const path = await Deno.makeTempFile({ suffix: ".db" });
  const raw = new DatabaseSync(path);
  raw.exec(`
    CREATE TABLE rocpd_info_process_0a1b (id INTEGER PRIMARY KEY, guid TEXT, nid INTEGER, pid INTEGER);
    CREATE TABLE rocpd_kernel_dispatch_0a1b (id INTEGER PRIMARY KEY, guid TEXT, pid INTEGER, agent_id INTEGER,
      kernel_id INTEGER, start INTEGER, "end" INTEGER);
    INSERT INTO rocpd_info_process_0a1b VALUES (1, 'g', 1, 77);
    INSERT INTO rocpd_kernel_dispatch_0a1b VALUES (1, 'g', 1, 1, 1, 10, 20);`);
  raw.close();
  try {
    const message = await assertBadInput(path);
    assert.match(message, /found columns id, guid, pid, agent_id, kernel_id, start, end/);
    assert.match(message, /needed id, pid, agent_id, kernel_id, start, end, grid_size_x/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("rocpd: truncated and corrupted databases are one InputError line and leave no run", async () => {
  const source = fixture("rocpd/tp2/node0/31400_results.db");
  for (const damage of [truncatedCopy, corruptedCopy]) {
    const path = await damage(source);
    try {
      await assertBadInput(path);
    } finally {
      await Deno.remove(path);
    }
  }
});
