import { memoryStore } from "../tests/helpers.ts";
import { loadTaxonomy } from "../lib/taxonomy/load.ts";
const kind = (Deno.args[0] ?? "wasm") as "wasm" | "native";
const e = await memoryStore(kind);
await e.append("kernel_names", { name_id: [1, 2, 3], name: ["attn_fwd", "nvjet_tst_64x8", "void vllm::rms_norm_kernel<float>(float*)"] });
const orig = { exec: e.exec.bind(e), query: e.query.bind(e) };
// deno-lint-ignore no-explicit-any
(e as any).exec = async (sql: string) => { const t = performance.now(); await orig.exec(sql); console.log("exec", (performance.now() - t).toFixed(0), sql.slice(0, 60).replace(/\n/g, " ")); };
// deno-lint-ignore no-explicit-any
(e as any).query = async (sql: string, p?: any) => { const t = performance.now(); const r = await orig.query(sql, p); console.log("query", (performance.now() - t).toFixed(0), sql.slice(0, 60).replace(/\n/g, " ")); return r; };
const t0 = performance.now();
await loadTaxonomy(e, {});
console.log("total", (performance.now() - t0).toFixed(0));
