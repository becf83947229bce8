import { openStore } from "../lib/store/open.ts";
const kind = Deno.args[0] ?? "native";
const e = await openStore({ path: ":memory:", engine: kind });
await e.exec(`INSERT INTO kernel_names SELECT i AS name_id, 'void at::native::elementwise_kernel_' || i || '<128, 4>' AS name FROM range(3000) t(i)`);
await e.exec(`CREATE TEMP TABLE cache AS SELECT name_id, 1 AS r FROM kernel_names`);
await e.exec(`CREATE OR REPLACE TEMP VIEW pending AS SELECT name_id, name FROM kernel_names WHERE name_id NOT IN (SELECT name_id FROM cache)`);
const branches = Array.from({length: 300}, (_, i) => `SELECT name_id, ${i} AS r FROM pending WHERE regexp_matches(name, '(^|[^A-Za-z])foo${i}_(bar|baz)[a-z]*kernel')`).join(" UNION ALL ");
await e.exec(`CREATE OR REPLACE TEMP VIEW hits AS ${branches}`);
await e.exec(`CREATE OR REPLACE TEMP VIEW labels AS SELECT name_id, r FROM cache UNION ALL SELECT name_id, max(r) FROM hits GROUP BY name_id`);
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const r = await e.query(`SELECT count(*)::BIGINT n FROM labels`);
  console.log(kind, "query via view", r, (performance.now() - t).toFixed(1), "ms");
}
const t = performance.now();
const r = await e.query(`SELECT count(*)::BIGINT n FROM cache`);
console.log(kind, "baseline", r, (performance.now() - t).toFixed(1), "ms");
await e.close();
