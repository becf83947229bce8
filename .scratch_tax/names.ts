import { memoryStore } from "../tests/helpers.ts";
import { ingestPath } from "../lib/ingest/mod.ts";
const e = await memoryStore();
for (const f of Deno.args) {
  const t0 = performance.now();
  const r = await ingestPath(e, f);
  console.error(f, r.counts, (performance.now()-t0).toFixed(0), "ms");
}
const rows = await e.query(`SELECT r.label, r.arch, n.name, count(*)::BIGINT c, sum(end_ns-start_ns)::BIGINT t, (100*sum(end_ns-start_ns)/sum(sum(end_ns-start_ns)) over (partition by d.run_id))::DOUBLE pct FROM kernel_dispatches d JOIN kernel_names n USING(name_id) JOIN runs r USING(run_id) GROUP BY d.run_id, r.label, r.arch, n.name ORDER BY r.label, t DESC`);
for (const r of rows) console.log([r.label, r.arch, r.c, (r.pct as number).toFixed(2), String(r.name).slice(0,250)].join("\t"));
await e.close();
