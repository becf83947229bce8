/**
 * vLLM `benchmark_serving.py --save-result` and `vllm bench serve` results,
 * every version seen: one JSON object (with or without the per-request arrays
 * of `--save-detailed`), JSON Lines from `--append-result` (often named
 * `.json`), the `"request_goodput:"` typo key, `request_rate` as a float or
 * `"inf"`, `--metadata` string keys, `p99.9_*` percentiles, and the newest
 * shape (`endpoint_type`, `label`, `max_concurrent_requests`).
 *
 * @module
 */
import type { BenchVariant } from "./variant.ts";
import { readBenchDocs } from "./read.ts";
import { emptyResult } from "./result.ts";
import { applyVllmFields, finishResult, requireAnyField } from "./record.ts";

/** The vLLM result family (the fallback for vLLM-shaped JSON). */
export const vllm: BenchVariant = {
  id: "vllm",
  title: "vLLM benchmark_serving.py / vllm bench serve result (JSON or JSON Lines)",
  sniff: (head) => /"(output_throughput|request_throughput)"\s*:/.test(head),
  async load(file, ctx) {
    const docs = await readBenchDocs(file);
    return docs.map((doc) => {
      requireAnyField(file.path, `result ${doc.index}`, doc.fields, [
        "output_throughput",
        "request_throughput",
      ], "a vLLM benchmark result");
      const r = emptyResult("vllm", file.path, doc.index);
      applyVllmFields(r, doc.fields);
      return finishResult(r, ctx, doc.requests);
    });
  },
};
