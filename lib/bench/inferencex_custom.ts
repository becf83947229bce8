/**
 * InferenceX custom serving results (`experimental/token_position_decode_slo/
 * <model>/benchmark_serving_random.py`): vLLM-like top-level keys, but latency
 * statistics in SECONDS without the `_ms` suffix (`median_ttft`, `p99_tpot`,
 * `median_e2el` …), plus `good_completed` and `input_throughput`, no
 * `backend`. TP (or `dep8` / `tep8`), ISL, OSL and concurrency are in the file
 * name (`glm5_fp8_vllm_tp8_isl1024_osl128_conc16.json`).
 *
 * @module
 */
import type { BenchVariant } from "./variant.ts";
import { readBenchDocs } from "./read.ts";
import { emptyResult } from "./result.ts";
import { applyVllmFields, finishResult, requireAnyField } from "./record.ts";

/** The InferenceX custom (seconds) family. */
export const inferencexCustom: BenchVariant = {
  id: "inferencex-custom",
  title: "InferenceX custom serving result (latencies in seconds, no _ms)",
  sniff: (head) =>
    /"(median|p99|mean)_(ttft|tpot|e2el)"\s*:/.test(head) && /"request_rate"\s*:/.test(head) &&
    !/"hw"\s*:/.test(head),
  async load(file, ctx) {
    const docs = await readBenchDocs(file);
    return docs.map((doc) => {
      requireAnyField(file.path, `result ${doc.index}`, doc.fields, [
        "median_ttft",
        "median_tpot",
        "output_throughput",
      ], "an InferenceX custom result");
      const r = emptyResult("inferencex-custom", file.path, doc.index);
      applyVllmFields(r, doc.fields);
      return finishResult(r, ctx, doc.requests);
    });
  },
};
