import { memoryStore } from "../tests/helpers.ts";
import { ingestPath } from "../lib/ingest/mod.ts";
import { loadTaxonomy } from "../lib/taxonomy/load.ts";
const e = await memoryStore(Deno.args[0] === "wasm" ? "wasm" : "native");
const files = [...Deno.readDirSync("../shared/samples/amd")].map((f) => "../shared/samples/amd/" + f.name).concat([...Deno.readDirSync("../shared/samples/nvidia")].map((f) => "../shared/samples/nvidia/" + f.name)).filter((f) => f.endsWith(".json.gz"));
for (const f of files) await ingestPath(e, f);
const t0 = performance.now();
await loadTaxonomy(e);
console.error("taxonomy", (performance.now() - t0).toFixed(0), "ms");
const un = await e.query(`SELECT r.label, round(100.0 * sum(CASE WHEN rule_id IS NULL THEN dur_ns END) / sum(dur_ns), 2)::DOUBLE AS unmatched_pct FROM dispatch_labels d JOIN runs r USING (run_id) GROUP BY r.label ORDER BY 1`);
console.log(un);
const rows = await e.query(`SELECT r.label, round(100.0 * sum(dur_ns) / any_value(t.tot), 2)::DOUBLE pct, category, coalesce(sub_kind, '') sub, backend, coalesce(collective_op,'') op, precision, arch_hint, rule_id, left(name, 150) AS name
 FROM dispatch_labels d JOIN runs r USING (run_id) JOIN (SELECT run_id, sum(end_ns-start_ns) tot FROM kernel_dispatches GROUP BY run_id) t USING (run_id)
 GROUP BY r.label, name_id, category, sub_kind, backend, collective_op, precision, arch_hint, rule_id, name ORDER BY r.label, pct DESC`);
for (const x of rows) console.log(Object.values(x).join("\t"));
console.log(await e.query(`SELECT run_id, left(name, 80) n, arch_hint, device_arch, dispatches, total_ns FROM arch_mismatch`));
