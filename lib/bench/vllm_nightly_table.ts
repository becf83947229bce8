/**
 * vLLM nightly-benchmark tables: `benchmark_results.json` written by
 * `.buildkite/nightly-benchmarks/scripts/convert-results-json-to-markdown.py`
 * — a JSON array of rows with human column names ("Test name", "GPU",
 * "# of req.", "Tput (req/s)", "Output Tput (tok/s)", "Median TTFT (ms)" …) —
 * joined with the per-test `<test>.commands` sidecars in the same folder
 * (`{"client_command": "...", "server_command": "...", "gpu_type": "..."}`),
 * whose command lines give the request rate, model, dataset and whether
 * `--ignore-eos` was passed. TP / PP / QPS also come from the test name.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import type { BenchVariant } from "./variant.ts";
import { readBenchDocs } from "./read.ts";
import { type BenchResult, emptyResult, putStat } from "./result.ts";
import { addMetadata, finishResult, requireAnyField } from "./record.ts";
import { applyNameKeys, keysFromName } from "./matrix.ts";
import { commandFlags } from "./command_line.ts";
import { int, num, str } from "./values.ts";

/** Columns with a plain result column. */
const COLUMNS: Readonly<Record<string, (r: BenchResult, v: unknown) => void>> = {
  "GPU": (r, v) => r.hardware = str(v),
  "# of req.": (r, v) => r.completed = int(v),
  "Tput (req/s)": (r, v) => r.request_throughput = num(v),
  "Input Tput (tok/s)": (r, v) => r.input_throughput = num(v),
  "Output Tput (tok/s)": (r, v) => r.output_throughput = num(v),
  "Total Tput (tok/s)": (r, v) => r.total_throughput = num(v),
  "Total Token Tput (tok/s)": (r, v) => r.total_throughput = num(v),
  "Model": (r, v) => r.model = str(v),
  "Dataset Name": (r, v) => r.dataset = str(v),
  "Input Len": (r, v) => r.isl = int(v),
  "Output Len": (r, v) => r.osl = int(v),
  "TP Size": (r, v) => r.tp = int(v),
  "PP Size": (r, v) => r.pp = int(v),
  "dtype": (r, v) => r.precision = str(v),
  "qps": (r, v) => r.request_rate = num(v),
  "# of max concurrency.": (r, v) => r.concurrency = int(v),
};

const STAT_COLUMN = /^(Mean|Median|P\d+(?:\.\d+)?|STD) (TTFT|TPOT|ITL|E2EL) \(ms\)$/;

/** One `.commands` sidecar. */
interface Sidecar {
  client: Map<string, string | true>;
  server: Map<string, string | true> | null;
  gpuType: string | null;
  clientCommand: string;
}

/** The vLLM nightly table family. */
export const vllmNightlyTable: BenchVariant = {
  id: "vllm-nightly-table",
  title: "vLLM nightly benchmark table (benchmark_results.json + .commands sidecars)",
  sniff: (head) =>
    /"Test name"\s*:/.test(head) && /"(Output )?Tput \((req|tok)\/s\)"\s*:/.test(head),
  async load(file, ctx) {
    const sidecars = await readSidecars(dirname(file.path));
    const docs = await readBenchDocs(file);
    return docs.map((doc) => {
      requireAnyField(
        file.path,
        `row ${doc.index}`,
        doc.fields,
        ["Test name"],
        "a nightly table row",
      );
      const r = emptyResult("vllm-nightly-table", file.path, doc.index);
      const test = str(doc.fields["Test name"]) ?? "";
      r.metadata.test_name = test;
      for (const [key, value] of Object.entries(doc.fields)) {
        if (key === "Test name") continue;
        const set = COLUMNS[key];
        const stat = STAT_COLUMN.exec(key);
        const n = num(value);
        if (set) set(r, value);
        else if (stat && n !== null) {
          putStat(r, {
            metric: stat[2].toLowerCase(),
            stat: stat[1].toLowerCase(),
            value: n,
            unit: "ms",
          });
        } else addMetadata(r, key, value);
      }
      const sidecar = sidecars.get(test);
      if (sidecar) applySidecar(r, sidecar);
      applyNameKeys(r, keysFromName(test));
      return finishResult(r, ctx, doc.requests);
    });
  },
};

/** Sidecars of a folder by test name (their file name, and the --result-filename they name). */
async function readSidecars(dir: string): Promise<Map<string, Sidecar>> {
  const out = new Map<string, Sidecar>();
  for await (const e of Deno.readDir(dir)) {
    if (!e.isFile || !e.name.endsWith(".commands")) continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(await Deno.readTextFile(join(dir, e.name)));
    } catch {
      continue;
    }
    const clientCommand = str(value.client_command);
    if (!clientCommand) continue;
    const client = commandFlags(clientCommand);
    const serverCommand = str(value.server_command);
    const sidecar: Sidecar = {
      client,
      server: serverCommand ? commandFlags(serverCommand) : null,
      gpuType: str(value.gpu_type),
      clientCommand,
    };
    out.set(basename(e.name, ".commands"), sidecar);
    const named = client.get("result_filename");
    if (typeof named === "string") out.set(basename(named, ".json"), sidecar);
  }
  return out;
}

function applySidecar(r: BenchResult, s: Sidecar): void {
  const flag = (m: Map<string, string | true>, ...names: string[]) => {
    for (const n of names) {
      const v = m.get(n);
      if (typeof v === "string") return v;
    }
    return null;
  };
  const c = s.client;
  r.request_rate ??= num(flag(c, "request_rate"));
  r.model ??= str(flag(c, "model"));
  r.backend ??= str(flag(c, "backend"));
  r.dataset ??= str(flag(c, "dataset_name", "dataset"));
  r.num_prompts ??= int(flag(c, "num_prompts"));
  r.concurrency ??= int(flag(c, "max_concurrency"));
  if (r.dataset === "random") {
    r.isl ??= int(flag(c, "random_input_len"));
    r.osl ??= int(flag(c, "random_output_len"));
  }
  if (s.server) {
    r.tp ??= int(flag(s.server, "tensor_parallel_size", "tp"));
    r.pp ??= int(flag(s.server, "pipeline_parallel_size", "pp"));
  }
  r.hardware ??= s.gpuType;
  r.ignore_eos = c.has("ignore_eos");
  r.ignore_eos_evidence = c.has("ignore_eos")
    ? "client command passes --ignore-eos"
    : "client command has no --ignore-eos";
  r.metadata.client_command = s.clientCommand;
}
