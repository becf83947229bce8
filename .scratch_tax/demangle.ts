import { classifyNames } from "../lib/taxonomy/classify.ts";
const text = await Deno.readTextFile("../shared/corpus/kernel-names.tsv");
const tr = (await Deno.readTextFile("/tmp/tr.txt")).split("\n").map((l) => l.split("\t")[9]).filter((n) => n);
const names = text.trim().split("\n").slice(1).map((l) => l.split("\t")[0]).filter((n) => n.startsWith("_Z")).map((n) => n.replace(/\.kd$/, ""));
const p = new Deno.Command("c++filt", { stdin: "piped", stdout: "piped" }).spawn();
const w = p.stdin.getWriter(); await w.write(new TextEncoder().encode(names.join("\n") + "\n")); await w.close();
const out = new TextDecoder().decode((await p.output()).stdout).trim().split("\n");
const a = await classifyNames(names);
const b = await classifyNames(out);
for (let i = 0; i < names.length; i++) {
  const x = a[i], y = b[i];
  const same = x.category === y.category && x.backend === y.backend && x.sub_kind === y.sub_kind && x.collective_op === y.collective_op;
  console.log(same ? "ok  " : "DIFF", x.category, x.backend, x.sub_kind, "|", y.category, y.backend, y.sub_kind, "|", out[i].slice(0, 100));
}
void tr;
