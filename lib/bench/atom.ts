/**
 * ATOM / InferenceMAX recipe results: a subset of vLLM's `*_ms` statistics
 * and throughputs, the client arguments in a `benchmark_args` object
 * (`random_input_len` / `random_output_len` = ISL / OSL, `max_concurrency`,
 * `request_rate`, `model`, `backend`), the derived `tput_per_gpu` =
 * total tokens/s / GPUs and `interactivity` = 1000 / median TPOT ms, and
 * `baseline{}` / `accuracy{}` objects (kept as metadata). The ATOM client may
 * add `concurrency`, `accept_length` and `acceptance_rate`.
 *
 * @module
 */
import type { BenchVariant } from "./variant.ts";
import { readBenchDocs } from "./read.ts";
import { emptyResult } from "./result.ts";
import { addMetadata, applyVllmFields, finishResult, requireAnyField } from "./record.ts";
import { int, num, str } from "./values.ts";

/** The ATOM recipe-result family. */
export const atom: BenchVariant = {
  id: "atom",
  title: "ATOM / InferenceMAX recipe result (benchmark_args, tput_per_gpu, interactivity)",
  sniff: (head) => /"benchmark_args"\s*:/.test(head) && /_ms"\s*:/.test(head),
  async load(file, ctx) {
    const docs = await readBenchDocs(file);
    return docs.map((doc) => {
      requireAnyField(file.path, `result ${doc.index}`, doc.fields, [
        "output_throughput",
        "total_token_throughput",
      ], "an ATOM recipe result");
      const r = emptyResult("atom", file.path, doc.index);
      applyVllmFields(r, doc.fields, {
        tput_per_gpu: (r, v) => r.tput_per_gpu = num(v),
        interactivity: (r, v) => r.interactivity = num(v),
        concurrency: (r, v) => {
          const n = num(v);
          if (n !== null && Number.isInteger(n)) r.concurrency ??= n;
          else r.mean_concurrency = n;
        },
        benchmark_args: (r, v) => {
          const a = (v && typeof v === "object" ? v : {}) as Record<string, unknown>;
          r.model ??= str(a.model);
          r.backend ??= str(a.backend);
          r.dataset ??= str(a.dataset_name);
          r.isl ??= int(a.random_input_len);
          r.osl ??= int(a.random_output_len);
          r.num_prompts ??= int(a.num_prompts);
          r.concurrency ??= int(a.max_concurrency);
          r.request_rate ??= num(a.request_rate);
          addMetadata(r, "benchmark_args", v);
        },
      });
      return finishResult(r, ctx, doc.requests);
    });
  },
};
