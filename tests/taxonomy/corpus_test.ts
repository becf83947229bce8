/**
 * The taxonomy against labelled real names: the shared corpus (accuracy
 * floors, confusion counts, arch hints) and tests/taxonomy/family_names.tsv
 * (families the corpus lacks).
 */
import assert from "node:assert/strict";
import { ARCH_ORDER } from "../../lib/arch/devices.ts";
import { classifyNames, type NameLabels } from "../../lib/taxonomy/classify.ts";
import { needsShared } from "../helpers.ts";
import { keyOf, type Labelled, readCorpus, readFamilies } from "./labels.ts";

/** Counts of (expected → got) pairs, printed as a confusion list. */
function confusion(pairs: [string, string][]): string {
  const counts = new Map<string, number>();
  for (const [want, got] of pairs) {
    const k = `${want} -> ${got}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]))
    .map(([k, n]) =>
      `  ${String(n).padStart(3)}  ${k}${
        k.split(" -> ")[0] === k.split(" -> ")[1] ? "" : "   <-- miss"
      }`
    )
    .join("\n");
}

function share(
  rows: Labelled[],
  labels: NameLabels[],
  ok: (r: Labelled, l: NameLabels) => boolean,
): number {
  return rows.filter((r, i) => ok(r, labels[i])).length / rows.length;
}

Deno.test({
  name: "corpus: category >= 98%, backend >= 92%, Attention/MoE sub-kind >= 92%",
  ignore: needsShared(),
  async fn() {
    const rows = await readCorpus();
    const labels = await classifyNames(rows.map((r) => r.name));
    console.log(
      "per category (expected -> got):\n" +
        confusion(rows.map((r, i) => [r.category, labels[i].category])),
    );
    console.log(
      "per backend/sub-kind (expected -> got):\n" +
        confusion(
          rows.map((
            r,
            i,
          ) => [`${r.category}/${r.key}`, `${labels[i].category}/${keyOf(labels[i])}`]),
        ),
    );
    const category = share(rows, labels, (r, l) => l.category === r.category);
    const backend = share(rows, labels, (r, l) => l.category === r.category && keyOf(l) === r.key);
    const sub = rows.filter((r) => r.category === "Attention" || r.category === "MoE");
    const subLabels = labels.filter((_, i) =>
      rows[i].category === "Attention" || rows[i].category === "MoE"
    );
    const subKind = share(
      sub,
      subLabels,
      (r, l) => l.category === r.category && l.sub_kind === r.key,
    );
    console.log(
      `corpus: ${rows.length} names; category ${(100 * category).toFixed(1)}%, backend ${
        (100 * backend).toFixed(1)
      }%, Attention/MoE sub-kind ${(100 * subKind).toFixed(1)}% (${sub.length} names)`,
    );
    assert(category >= 0.98, `category accuracy ${category}`);
    assert(backend >= 0.92, `backend accuracy ${backend}`);
    assert(subKind >= 0.92, `sub-kind accuracy ${subKind}`);
    assert(labels.every((l) => l.rule_id !== null), "every corpus name is matched by some rule");
  },
});

/** Archs a corpus arch_hint cell says the device had, e.g. 'gfx942+gfx950 (MI300X+MI355X)'. */
function deviceArchs(cell: string): { vendor: string; archs: string[] } {
  const head = cell.split("|")[0];
  const archs = [...head.matchAll(/gfx9\w+|sm\d+a?/g)].map((m) => m[0]);
  const vendor = /gfx/.test(head) ? "amd" : "nvidia";
  return { vendor, archs };
}

/** The arch the corpus says the NAME shows, when it says one. */
function shownArch(cell: string): string | null {
  const shown = cell.split("|").find((part) => part.trim().startsWith("name:")) ?? "";
  const m = /\b(?:gfx|ISA)(9\d\w)\b/.exec(shown);
  if (m) return `gfx${m[1]}`;
  if (/FNUZ/.test(shown)) return "gfx942";
  const sm = /\bsm(\d+a?)\b/.exec(shown);
  return sm ? `sm${sm[1]}` : null;
}

Deno.test({
  name: "corpus: arch hints equal what the name shows and are never newer than the device",
  ignore: needsShared(),
  async fn() {
    const rows = await readCorpus();
    const labels = await classifyNames(rows.map((r) => r.name));
    let shown = 0;
    rows.forEach((r, i) => {
      const hint = labels[i].arch_hint;
      const want = shownArch(r.arch);
      if (want) {
        shown++;
        assert.deepEqual(hint, want, r.name);
      }
      if (hint === null) return;
      const device = deviceArchs(r.arch);
      const order = ARCH_ORDER[device.vendor];
      assert(order.includes(hint), `${r.name}: hint ${hint} is not a ${device.vendor} arch`);
      if (device.archs.length) {
        // sm100a is sm100 with arch-specific features: the same generation
        const generation = (a: string) => order.indexOf(a.replace(/^(sm\d+)a$/, "$1"));
        const newest = Math.max(...device.archs.map(generation));
        assert(
          generation(hint) <= newest,
          `${r.name}: hint ${hint} is newer than the device ${r.arch}`,
        );
      }
    });
    assert(shown >= 20, `only ${shown} corpus names show an arch`);
  },
});

Deno.test("families outside the corpus get their labels", async () => {
  const rows = await readFamilies();
  const labels = await classifyNames(rows.map((r) => r.name));
  const misses = rows.filter((r, i) =>
    labels[i].category !== r.category || keyOf(labels[i]) !== r.key
  )
    .map((r) =>
      `${r.category}/${r.key} got ${labels[rows.indexOf(r)].category}/${
        keyOf(labels[rows.indexOf(r)])
      }: ${r.name}`
    );
  assert.deepEqual(misses, []);
});
