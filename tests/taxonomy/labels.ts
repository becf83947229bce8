/**
 * Reading labelled kernel names (shared/corpus/kernel-names.tsv and
 * tests/taxonomy/family_names.tsv) and comparing tracedeck's labels with them
 * the way shared/spec/taxonomy.md says: the part of the corpus `backend`
 * before the first `;`, and for Attention the part before `:`.
 *
 * @module
 */
import type { NameLabels } from "../../lib/taxonomy/classify.ts";
import { SHARED } from "../helpers.ts";

/** One labelled name. */
export interface Labelled {
  name: string;
  category: string;
  /** The comparable label: GEMM backend; Attention/MoE/Quantization/Other sub-kind; AllReduce backend:op. */
  key: string;
  /** The corpus arch_hint column ('' for the family file). */
  arch: string;
}

/** The corpus, with its backend column reduced to the comparable key. */
export async function readCorpus(): Promise<Labelled[]> {
  const text = await Deno.readTextFile(SHARED + "corpus/kernel-names.tsv");
  return text.trim().split("\n").slice(1).map((line) => {
    const [name, category, backend, arch] = line.split("\t");
    const first = backend.split(";")[0].trim();
    return { name, category, key: category === "Attention" ? first.split(":")[0] : first, arch };
  });
}

/** tests/taxonomy/family_names.tsv: real names of families the corpus lacks, with their labels. */
export async function readFamilies(): Promise<Labelled[]> {
  const text = await Deno.readTextFile(new URL("./family_names.tsv", import.meta.url));
  return text.split("\n").filter((l) => l && !l.startsWith("#")).slice(1).map((line) => {
    const [name, category, key] = line.split("\t");
    return { name, category, key, arch: "" };
  });
}

/** tracedeck's labels reduced to the same comparable key. */
export function keyOf(l: NameLabels): string {
  if (l.category === "GEMM") return l.backend;
  if (l.category === "AllReduce") return `${l.backend}:${l.collective_op}`;
  return l.sub_kind ?? "";
}
