import { classifyNames } from "../lib/taxonomy/classify.ts";
const rows = (await Deno.readTextFile("../shared/corpus/kernel-names.tsv")).trim().split("\n").slice(1).map((l) => l.split("\t"));
const labels = await classifyNames(rows.map((r) => r[0]));
rows.forEach(([name, , , hint], i) => {
  const l = labels[i];
  const shown = hint.includes("name:") ? hint.slice(hint.indexOf("name:")) : "";
  console.log((l.arch_hint ?? "-").padEnd(7), hint.padEnd(60).slice(0, 60), "|", name.slice(0, 70));
  void shown;
});
