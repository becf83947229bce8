/**
 * SGLang `python -m sglang.bench_serving` results: JSON Lines appended per
 * run (`--output-file`), with `*_e2e_latency_ms` spellings, `concurrency` as
 * the measured mean number of requests in flight (not the limit, which is
 * `max_concurrency`), `random_input_len` / `random_output_len` as the
 * configured lengths of the random datasets, and the per-request arrays of
 * `--output-details`. `request_rate` is Python's `Infinity` by default.
 *
 * @module
 */
import type { BenchVariant } from "./variant.ts";
import { readBenchDocs } from "./read.ts";
import { emptyResult } from "./result.ts";
import { addMetadata, applyVllmFields, finishResult, requireAnyField } from "./record.ts";
import { int, num, str } from "./values.ts";

/** The SGLang bench_serving family. */
export const sglang: BenchVariant = {
  id: "sglang",
  title: "SGLang bench_serving result (JSON Lines)",
  sniff: (head) =>
    /"(mean|median|p99)_e2e_latency_ms"\s*:|"total_output_tokens_retokenized"\s*:/.test(head),
  async load(file, ctx) {
    const docs = await readBenchDocs(file);
    return docs.map((doc) => {
      requireAnyField(file.path, `result ${doc.index}`, doc.fields, [
        "output_throughput",
        "median_e2e_latency_ms",
      ], "an SGLang bench_serving result");
      const f = doc.fields;
      const dataset = str(f.dataset_name);
      const random = dataset?.startsWith("random") ?? false;
      const r = emptyResult("sglang", file.path, doc.index);
      applyVllmFields(r, f, {
        concurrency: (r, v) => r.mean_concurrency = num(v),
        dataset_name: (r, v) => r.dataset = str(v),
        random_input_len: (r, v) => {
          if (random) r.isl = int(v);
          else addMetadata(r, "random_input_len", v);
        },
        random_output_len: (r, v) => {
          if (random) r.osl = int(v);
          else addMetadata(r, "random_output_len", v);
        },
        sharegpt_output_len: (r, v) => {
          if (!random) r.osl = int(v);
        },
      });
      return finishResult(r, ctx, doc.requests);
    });
  },
};
