/**
 * The registry of benchmark result families, in sniffing order (most specific
 * first; plain vLLM JSON last). Add a family by writing `lib/bench/<variant>.ts`
 * and listing it here.
 *
 * @module
 */
import type { BenchVariant } from "./variant.ts";
import { aiperf } from "./aiperf.ts";
import { vllmNightlyTable } from "./vllm_nightly_table.ts";
import { inferencexAgg } from "./inferencex_agg.ts";
import { atom } from "./atom.ts";
import { sglang } from "./sglang.ts";
import { inferencexCustom } from "./inferencex_custom.ts";
import { vllm } from "./vllm.ts";

/** Every supported result family. */
export const BENCH_VARIANTS: readonly BenchVariant[] = [
  aiperf,
  vllmNightlyTable,
  inferencexAgg,
  atom,
  sglang,
  inferencexCustom,
  vllm,
];
