import { classifyNames } from "../lib/taxonomy/classify.ts";
const rows = (await Deno.readTextFile("tests/taxonomy/family_names.tsv")).split("\n").filter((l) => l && !l.startsWith("#")).slice(1).map((l) => l.split("\t"));
const labels = await classifyNames(rows.map((r) => r[0]));
let bad = 0;
rows.forEach(([name, cat, key], i) => {
  const l = labels[i];
  const got = l.category === "GEMM" ? l.backend : l.category === "AllReduce" ? `${l.backend}:${l.collective_op}` : l.sub_kind;
  if (l.category !== cat || got !== key) { bad++; console.log(`MISS ${cat}/${key} got ${l.category}/${got} (${l.rule_id}) ${name.slice(0, 100)}`); }
});
console.log(rows.length - bad, "/", rows.length);
