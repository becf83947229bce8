/**
 * InferenceX aggregated rows (`agg_bmk.json`: a JSON array of rows; the
 * per-config file: one row): `hw, conc, image, model, framework, precision,
 * tp, ep, dp_attention …`, latency statistics in SECONDS (`mean_ttft`,
 * `p90_tpot` …), `*_intvty` per-user rates, totals and `tput_per_gpu`,
 * `output_tput_per_gpu`. Used for the agentic scenario (variable lengths, so
 * no ISL/OSL).
 *
 * @module
 */
import type { BenchVariant } from "./variant.ts";
import { readBenchDocs } from "./read.ts";
import { emptyResult } from "./result.ts";
import { applyVllmFields, finishResult, requireAnyField } from "./record.ts";
import { bool, int, num, str } from "./values.ts";

/** The InferenceX aggregated-row family. */
export const inferencexAgg: BenchVariant = {
  id: "inferencex-agg",
  title: "InferenceX aggregated benchmark rows (agg_bmk.json)",
  sniff: (head) =>
    /"hw"\s*:/.test(head) && /"conc"\s*:/.test(head) && /"tput_per_gpu"\s*:/.test(head),
  async load(file, ctx) {
    const docs = await readBenchDocs(file);
    return docs.map((doc) => {
      requireAnyField(file.path, `row ${doc.index}`, doc.fields, [
        "tput_per_gpu",
        "total_tput_tps",
      ], "an InferenceX aggregated row");
      const r = emptyResult("inferencex-agg", file.path, doc.index);
      applyVllmFields(r, doc.fields, {
        hw: (r, v) => r.hardware = str(v),
        conc: (r, v) => r.concurrency = int(v),
        image: (r, v) => r.image = str(v),
        model: (r, v) => r.model = str(v),
        framework: (r, v) => r.backend = str(v),
        precision: (r, v) => r.precision = str(v),
        scenario_type: (r, v) => r.scenario = str(v),
        tp: (r, v) => r.tp = int(v),
        ep: (r, v) => r.ep = int(v),
        dp_attention: (r, v) => r.dp_attention = bool(v),
        num_requests_total: (r, v) => r.num_prompts = int(v),
        num_requests_successful: (r, v) => r.completed = int(v),
        total_prompt_tokens: (r, v) => r.total_input_tokens = int(v),
        total_generation_tokens: (r, v) => r.total_output_tokens = int(v),
        input_tput_tps: (r, v) => r.input_throughput = num(v),
        output_tput_tps: (r, v) => r.output_throughput = num(v),
        total_tput_tps: (r, v) => r.total_throughput = num(v),
        duration_seconds: (r, v) => r.duration_s = num(v),
        tput_per_gpu: (r, v) => r.tput_per_gpu = num(v),
        output_tput_per_gpu: (r, v) => r.output_tput_per_gpu = num(v),
      });
      if (r.completed !== null && r.duration_s) r.request_throughput = r.completed / r.duration_s;
      if (r.tp !== null) {
        r.parallelism = `${r.dp_attention ? "dep" : "tp"}${r.tp}${
          r.ep && r.ep > 1 ? `_ep${r.ep}` : ""
        }`;
      }
      return finishResult(r, ctx, doc.requests);
    });
  },
};
