import assert from "node:assert/strict";
import { CORPUS_KERNELS } from "../../lib/gen/kernel_names.ts";
import { paletteFor } from "../../lib/gen/palettes.ts";
import { ARCHES } from "../../lib/gen/hardware.ts";
import { needsShared, SHARED } from "../helpers.ts";

Deno.test({
  name: "gen kernel names: every name is verbatim in the shared corpus with its labels",
  ignore: needsShared(),
  async fn() {
    const tsv = await Deno.readTextFile(SHARED + "corpus/kernel-names.tsv");
    const corpus = new Map<string, { category: string; label: string }>();
    for (const line of tsv.split("\n").slice(1)) {
      const [name, category, backend] = line.split("\t");
      if (name) corpus.set(name, { category, label: backend.split(";")[0].trim() });
    }
    for (const [key, k] of Object.entries(CORPUS_KERNELS)) {
      const real = corpus.get(k.name);
      assert(real, `${key}: '${k.name.slice(0, 80)}' is not in kernel-names.tsv`);
      assert.deepEqual({ category: k.category, label: k.label }, real, key);
    }
  },
});

Deno.test("gen palettes: names fit the architecture (no NVIDIA names on AMD and back)", () => {
  const nvidiaOnly =
    /nvjet|ncclDevKernel_AllReduce|pytorch_flash|__nv_bfloat16|c10::BFloat16, &vllm::silu/;
  const amdOnly = /Cijk_|_ZN5aiter|aiter::|hip_bfloat16|__hip_|mscclKernel|ISA9|gfx9|wvSpltK|mfma_/;
  for (const arch of ARCHES) {
    for (const tp of [1, 2, 4, 8]) {
      for (const k of paletteFor(arch, tp).kernels) {
        if (arch === "sm90") assert(!amdOnly.test(k.name), `${arch}: AMD kernel ${k.name}`);
        else assert(!nvidiaOnly.test(k.name), `${arch}: NVIDIA kernel ${k.name}`);
        if (arch === "gfx942") {
          assert(!/ISA950|gfx950|_mxfp4|wfp4/.test(k.name), `gfx950 kernel ${k.name}`);
        }
        if (arch === "gfx950") assert(!/ISA942|gfx942/.test(k.name), `gfx942 kernel ${k.name}`);
      }
    }
  }
});
