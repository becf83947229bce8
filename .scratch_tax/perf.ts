import { openStore } from "../lib/store/open.ts";
import { loadTaxonomy } from "../lib/taxonomy/load.ts";
const kind = Deno.args[0] ?? "native";
const n = Number(Deno.args[1] ?? 5000);
const corpus = (await Deno.readTextFile("../shared/corpus/kernel-names.tsv")).trim().split("\n").slice(1).map((l) => l.split("\t")[0]);
const tr = (await Deno.readTextFile("/tmp/tr.txt")).split("\n").map((l) => l.split("\t")[9]).filter((x) => x && x.length > 5);
const base = [...corpus, ...tr];
const names: string[] = [];
for (let i = 0; i < n; i++) {
  const b = base[i % base.length];
  const cut = b.indexOf("<") > 0 ? b.indexOf("<") : b.length;
  names.push(b.slice(0, cut) + `_v${i}` + b.slice(cut));
}
const avg = names.reduce((a, x) => a + x.length, 0) / names.length;
const e = await openStore({ path: ":memory:", engine: kind });
await e.append("kernel_names", { name_id: names.map((_, i) => i + 1), name: names });
const t0 = performance.now();
await loadTaxonomy(e, {});
const t1 = performance.now();
const r = await e.query(`SELECT count(*)::INTEGER n, count(rule_id)::INTEGER AS matched_n FROM kernel_labels`);
console.log(kind, n, "names, avg len", avg.toFixed(0), "loadTaxonomy", (t1 - t0).toFixed(0), "ms", r);
await e.close();
