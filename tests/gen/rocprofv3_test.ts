import assert from "node:assert/strict";
import { genTemp, python } from "./gen_helpers.ts";

/** The documented current kernel_trace.csv header (rocprofiler-sdk using-rocprofv3.rst). */
const DOCUMENTED_HEADER = [
  "Kind",
  "Agent_Id",
  "Queue_Id",
  "Stream_Id",
  "Thread_Id",
  "Dispatch_Id",
  "Kernel_Id",
  "Kernel_Name",
  "Correlation_Id",
  "Start_Timestamp",
  "End_Timestamp",
  "LDS_Block_Size",
  "Scratch_Size",
  "VGPR_Count",
  "Accum_VGPR_Count",
  "SGPR_Count",
  "Workgroup_Size_X",
  "Workgroup_Size_Y",
  "Workgroup_Size_Z",
  "Grid_Size_X",
  "Grid_Size_Y",
  "Grid_Size_Z",
]; // deno-fmt-ignore

/** Reads every CSV the generator wrote with Python's csv module and summarises it. */
const SUMMARISE = `
import csv, json, sys, collections
out = {}
for path in sys.argv[1:]:
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    info = {"header": header, "rows": len(body), "widths": sorted({len(r) for r in body})}
    if path.endswith("_kernel_trace.csv"):
        idx = {c: i for i, c in enumerate(header)}
        info["names"] = collections.Counter(r[idx["Kernel_Name"]] for r in body)
        info["agents"] = sorted({r[idx["Agent_Id"]] for r in body})
        info["dispatch_ids"] = [int(r[idx["Dispatch_Id"]]) for r in body[:3]]
        info["monotonic"] = all(int(a[idx["End_Timestamp"]]) <= int(b[idx["Start_Timestamp"]])
                                for a, b in zip(body, body[1:]))
        info["positive"] = all(int(r[idx["End_Timestamp"]]) > int(r[idx["Start_Timestamp"]]) for r in body)
    if path.endswith("_agent_info.csv"):
        idx = {c: i for i, c in enumerate(header)}
        info["gpu_agents"] = ["Agent " + r[idx["Logical_Node_Id"]] for r in body if r[idx["Agent_Type"]] == "GPU"]
        info["gpu_names"] = sorted({r[idx["Name"]] for r in body if r[idx["Agent_Type"]] == "GPU"})
    if path.endswith("_marker_api_trace.csv"):
        info["functions"] = [r[1] for r in body]
        with open(path.replace("_marker_api_trace.csv", "_kernel_trace.csv"), newline="") as f:
            kr = list(csv.DictReader(f))
        starts = [int(r["Start_Timestamp"]) for r in kr]
        info["kernels_in_range"] = [sum(1 for t in starts if int(r[5]) <= t <= int(r[6])) for r in body]
    out[path] = info
print(json.dumps(out))
`;

interface FileSummary {
  header: string[];
  rows: number;
  widths: number[];
  names?: Record<string, number>;
  agents?: string[];
  dispatch_ids?: number[];
  monotonic?: boolean;
  positive?: boolean;
  gpu_agents?: string[];
  gpu_names?: string[];
  functions?: string[];
  kernels_in_range?: number[];
}

Deno.test("gen rocprofv3: per-rank CSVs with the documented header, exact counts and agents", async () => {
  const g = await genTemp({
    format: "rocprofv3",
    arch: "gfx950",
    ranks: 2,
    model: "qwen3-30b-a3b",
    dispatches: 12_000,
    manifest: true,
  }, "capture");
  try {
    const m = g.manifest;
    const summary = await python<Record<string, FileSummary>>(SUMMARISE, g.files);
    const kernels = g.files.filter((f) => f.endsWith("_kernel_trace.csv"));
    const markers = g.files.filter((f) => f.endsWith("_marker_api_trace.csv"));
    const agents = g.files.filter((f) => f.endsWith("_agent_info.csv"));
    assert.deepEqual([kernels.length, markers.length, agents.length], [2, 2, 2]);
    for (const f of g.files) {
      assert(
        /\/capture\/mi355x-node\d\d\/\d{5}_(kernel_trace|marker_api_trace|agent_info)\.csv$/.test(
          f,
        ),
        f,
      );
    }
    let total = 0;
    for (const [i, f] of kernels.entries()) {
      const s = summary[f];
      assert.deepEqual(s.header, DOCUMENTED_HEADER);
      assert.deepEqual(s.widths, [DOCUMENTED_HEADER.length]);
      assert.deepEqual(s.rows, m.per_rank.dispatches);
      assert.deepEqual(s.names, m.kernels_per_rank.by_name);
      assert.deepEqual(s.agents, [`Agent ${2 + i}`]);
      assert.deepEqual(s.dispatch_ids, [1, 2, 3]);
      assert(s.monotonic, "kernels of one rank overlap or are out of order");
      assert(s.positive, "a kernel has a non-positive duration");
      assert(
        summary[agents[i]].gpu_agents!.includes(s.agents![0]),
        "kernel agent not in agent_info",
      );
      total += s.rows;
    }
    assert.deepEqual(total, 12_000);
    assert.deepEqual(m.dispatches.total, 12_000);
    for (const f of markers) {
      const s = summary[f];
      assert.deepEqual(s.header, [
        "Domain",
        "Function",
        "Process_Id",
        "Thread_Id",
        "Correlation_Id",
        "Start_Timestamp",
        "End_Timestamp",
      ]);
      assert.deepEqual(s.functions, m.step_list.filter((x) => x.name !== null).map((x) => x.name));
      assert.deepEqual(s.rows, m.per_rank.step_markers);
      const marked = m.step_list.filter((x) => x.name !== null);
      assert.deepEqual(s.kernels_in_range, marked.map((x) => x.dispatches));
      assert.equal(
        marked.filter((x) => x.kind === "decode").length * m.steps.dispatches_per_decode_step +
          marked.filter((x) => x.kind === "prefill").length * m.steps.dispatches_per_prefill_step +
          m.steps.cut_short_dispatches,
        m.per_rank.dispatches,
      );
      const perDecode = Object.values(m.kernels_per_step.decode.by_category).reduce((a, b) =>
        a + b
      );
      assert.equal(perDecode, m.steps.dispatches_per_decode_step);
    }
    for (const f of agents) {
      const s = summary[f];
      assert.deepEqual(s.header.length, 53);
      assert.deepEqual(s.widths, [53]);
      assert.deepEqual(s.gpu_names, ["gfx950"]);
      assert.deepEqual(s.gpu_agents!.length, 8);
    }
    const manifestText = await Deno.readTextFile(g.manifestFile!);
    assert.deepEqual(JSON.parse(manifestText).dispatches.total, 12_000);
  } finally {
    await Deno.remove(g.dir, { recursive: true });
  }
});
