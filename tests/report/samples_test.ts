/**
 * A report for every trace in ../shared/samples (Kineto JSON, RPD, the
 * rocprofv3 CSV folder) and the two comparisons the issue names: each holds
 * the JSON contract, keeps its markdown tables whole, has no live markup,
 * counts the kernels and copies the raw file holds (counted here by python3
 * or sqlite3, not by tracedeck), and renders in Chromium without an error,
 * a request or horizontal overflow (screenshots are browser_test.ts's part).
 */
import assert from "node:assert/strict";
import { reportCommand } from "../../lib/cli/report.ts";
import { needsShared, SHARED } from "../helpers.ts";
import {
  jsonContractProblems,
  liveMarkupProblems,
  markdownTableProblems,
  readReport,
} from "./report_support.ts";
import { checkPages, HAS_CHROMIUM, VIEWPORT_WIDTH } from "./browser.ts";

const SAMPLES = `${SHARED}samples/`;

/** The traces: every file under amd/ and nvidia/, and the rocprofv3 CSV folder. */
function sampleInputs(): string[] {
  const files = ["amd", "nvidia"].flatMap((d) =>
    [...Deno.readDirSync(SAMPLES + d)].filter((e) => e.isFile).map((e) =>
      `${SAMPLES}${d}/${e.name}`
    )
  );
  return [...files.sort(), `${SAMPLES}rocprofv3-docs`];
}

/** Kernels and memory operations in a raw trace, counted without tracedeck. */
interface RawCounts {
  dispatches: number;
  memory_ops: number;
}

const COUNT_PY = `
import csv, gzip, json, os, sqlite3, sys, tempfile
out = {}
for path in sys.argv[1:]:
    if os.path.isdir(path):
        rows = lambda f: list(csv.DictReader(open(os.path.join(path, f)))) if os.path.exists(os.path.join(path, f)) else []
        out[path] = {"dispatches": len(rows("kernel_trace.csv")), "memory_ops": len(rows("memory_copy_trace.csv"))}
    elif ".rpd" in path:
        data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
        with tempfile.NamedTemporaryFile(suffix=".rpd") as tmp:
            tmp.write(data); tmp.flush()
            db = sqlite3.connect(tmp.name)
            ops = dict(db.execute("SELECT s.string, count(*) FROM rocpd_op o JOIN rocpd_string s ON s.id = o.opType_id GROUP BY 1"))
        out[path] = {"dispatches": ops.get("KernelExecution", 0) + ops.get("Task", 0),
                     "memory_ops": sum(n for k, n in ops.items() if k.startswith("Copy") or k == "FillBuffer")}
    else:
        events = json.load(gzip.open(path) if path.endswith(".gz") else open(path))["traceEvents"]
        cats = [e.get("cat") for e in events if e.get("ph") == "X"]
        out[path] = {"dispatches": cats.count("kernel"), "memory_ops": cats.count("gpu_memcpy") + cats.count("gpu_memset")}
print(json.dumps(out))
`;

async function rawCounts(paths: string[]): Promise<Record<string, RawCounts>> {
  const r = await new Deno.Command("python3", {
    args: ["-c", COUNT_PY, ...paths],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
  return JSON.parse(new TextDecoder().decode(r.stdout));
}

/** Checks every report passes; returns the JSON. */
async function checkReport(out: string) {
  const { md, html, json } = await readReport(out);
  assert.deepEqual(jsonContractProblems(json), [], out);
  assert.deepEqual(markdownTableProblems(md), [], out);
  assert.deepEqual(liveMarkupProblems(html), [], out);
  assert.ok(!md.includes("&#x"), `${out}.md: no character references`);
  assert.match(md, /^# tracedeck /);
  assert.ok(html.startsWith("<!doctype html>") && html.includes("Content-Security-Policy"));
  if (json.decode.steps > 0) assert.match(md, /\n##?#? Decode breakdown\n/, out);
  else assert.match(md, /\n## Whole capture\n/, out);
  return json;
}

Deno.test({
  name: "reports for every shared sample and the issue's two comparisons",
  ignore: needsShared(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "tracedeck-samples-" });
    try {
      const inputs = sampleInputs();
      const counts = await rawCounts(inputs);
      const pages: string[] = [];
      for (const [i, input] of inputs.entries()) {
        await t.step(input.slice(SAMPLES.length), async () => {
          const out = `${dir}/run${i}`;
          assert.equal(await reportCommand([input, "--out", out]), 0);
          const json = await checkReport(out);
          assert.equal(json.runs.length, 1);
          assert.deepEqual(
            { dispatches: json.runs[0].dispatches, memory_ops: json.runs[0].memory_ops },
            counts[input],
            "kernels and copies as in the raw file",
          );
          pages.push(`${out}.html`);
        });
      }
      const pairs = [
        ["nvidia/h100_qwen1.5-0.5b-chat.json.gz", "amd/mi300x_qwen1.5-0.5b-chat.json.gz"],
        ["amd/mi300x_sglang_qwen3-8b_decode.json.gz", "amd/amd8gpu_vllm_decode_fullgraph.json.gz"],
      ];
      for (const [i, [cand, base]] of pairs.entries()) {
        await t.step(`${cand} --vs ${base}`, async () => {
          const out = `${dir}/ab${i}`;
          assert.equal(
            await reportCommand([SAMPLES + cand, "--vs", SAMPLES + base, "--out", out]),
            0,
          );
          const json = await checkReport(out);
          assert.deepEqual(json.runs.map((r: { source_files: string[] }) => r.source_files[0]), [
            SAMPLES + base,
            SAMPLES + cand,
          ]);
          for (const [side, run] of [["base_us", 0], ["cand_us", 1]] as const) {
            for (const c of json.decode_by_run[run].categories) {
              const row = json.compare.categories.find((r: { category: string }) =>
                r.category === c.category
              );
              assert.ok(Math.abs(row[side] - c.us_per_step) < 1e-6, `${c.category} ${side}`);
            }
          }
          const { md } = await readReport(out);
          assert.match(md, /\n## Verdict\n/);
          assert.match(md, /\n## Baseline: .*\n[\s\S]*\n## Candidate: /);
          if (json.runs[0].arch !== json.runs[1].arch) assert.match(md, /different architectures/);
          pages.push(`${out}.html`);
        });
      }
      if (HAS_CHROMIUM) {
        await t.step("every page in Chromium", async () => {
          for (const p of await checkPages(pages, { screenshot: false })) {
            assert.deepEqual(p.errors, [], p.path);
            assert.equal(p.requests.length, 1, `${p.path}: ${p.requests.join(", ")}`);
            assert.deepEqual(p.dialogs, [], p.path);
            assert.ok(p.scrollWidth <= VIEWPORT_WIDTH, `${p.path} is ${p.scrollWidth} px wide`);
            assert.ok(p.pageHeight > 900, `${p.path} is only ${p.pageHeight} px tall`);
          }
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
