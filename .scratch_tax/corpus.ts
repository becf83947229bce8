import { classifyNames } from "../lib/taxonomy/classify.ts";
const text = await Deno.readTextFile("../shared/corpus/kernel-names.tsv");
const rows = text.trim().split("\n").slice(1).map((l) => l.split("\t"));
const names = rows.map((r) => r[0]);
const t0 = performance.now();
const labels = await classifyNames(names, { engine: Deno.args[0] ?? "native" });
console.error("classified", names.length, "in", (performance.now() - t0).toFixed(0), "ms");
let cat = 0, back = 0, sub = 0, subN = 0;
for (let i = 0; i < rows.length; i++) {
  const [name, category, backend] = rows[i];
  const l = labels[i];
  const key = backend.split(";")[0].trim();
  const expected = category === "Attention" ? key.split(":")[0] : key;
  const got = category === "GEMM" ? l.backend : category === "AllReduce" ? `${l.backend}:${l.collective_op}` : category === "Attention" ? l.sub_kind : l.sub_kind;
  const okCat = l.category === category;
  const gotB = l.category === "GEMM" ? l.backend : l.category === "AllReduce" ? `${l.backend}:${l.collective_op}` : l.sub_kind;
  const okB = okCat && gotB === expected;
  if (okCat) cat++;
  if (okB) back++;
  if (category === "Attention" || category === "MoE") { subN++; if (okB) sub++; }
  if (!okCat || !okB) console.log(`MISS\t${category}/${expected}\tgot ${l.category}/${gotB}\t${l.rule_id}\t${name.slice(0, 140)}`);
  void got;
}
console.log(`category ${cat}/${rows.length} backend ${back}/${rows.length} sub ${sub}/${subN}`);
