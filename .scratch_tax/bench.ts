import { openStore } from "../lib/store/open.ts";
const kind = Deno.args[0] ?? "native";
const e = await openStore({ path: ":memory:", engine: kind });
// synthetic names: 3000 names ~ 200 chars
await e.exec(`CREATE TEMP TABLE names AS SELECT i AS name_id, 'void at::native::elementwise_kernel_' || i || '<128, 4, at::native::gpu_kernel_impl_nocast<at::native::BinaryFunctor<c10::BFloat16, c10::BFloat16, c10::BFloat16, at::native::binary_internal::MulFunctor<float> > >(at::TensorIteratorBase&)' || repeat('x', i % 300) AS name FROM range(3000) t(i)`);
await e.exec(`CREATE TEMP TABLE rules AS SELECT i AS rank, '(^|[^A-Za-z])foo' || i || '_(bar|baz)[a-z]*kernel' AS pattern FROM range(300) t(i)`);
let t = performance.now();
let r = await e.query(`SELECT count(*)::BIGINT n FROM names n, rules r WHERE regexp_matches(n.name, r.pattern)`);
console.log(kind, "join non-const", r, (performance.now() - t).toFixed(0), "ms");
const pats = (await e.query<{pattern:string; rank:number}>(`SELECT pattern, rank FROM rules`));
t = performance.now();
const sql = pats.map((p) => `SELECT name_id, ${p.rank} AS rank FROM names WHERE regexp_matches(name, '${p.pattern}')`).join(" UNION ALL ");
r = await e.query(`SELECT count(*)::BIGINT n FROM (${sql})`);
console.log(kind, "union const", r, (performance.now() - t).toFixed(0), "ms");
await e.close();
