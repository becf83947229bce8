/**
 * Server-log triage: findings, counts and first occurrences on real log lines
 * (tests/capture/fixtures/findings.log, counted independently with Python),
 * no findings on the real vLLM log excerpts in ../shared, gzip'd logs, the
 * pattern-file checks, and `deno task triage`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { needsShared, ROOT, sample } from "../helpers.ts";
import { loadPatterns, parsePatterns } from "../../lib/triage/patterns.ts";
import { plainLine, triageLog } from "../../lib/triage/scan.ts";
import { InputError } from "../../lib/cli/errors.ts";
import { pythonJson, run } from "./standin_env.ts";

const FIXTURE = ROOT + "tests/capture/fixtures/findings.log";
const EXCERPTS = [
  "vllm-0.21.0-v1-kimi-k2.5-mi355x-tp4-conc32.excerpt.log",
  "vllm-0.21.0-v1-lmcache-external-prefix.excerpt.log",
  "vllm-0.8.3-v0-llama-3.3-70b-tp4-pp2-ray.excerpt.log",
].map((f) => sample("bench/derived/server-log-excerpts/" + f));

/** Per marker substring: [lines counted with Ray repeats, first 1-based line], by Python. */
const COUNT_PY = `
import json, re, sys
markers = json.loads(sys.argv[2])
out = {}
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    for m in markers:
        if m in line:
            rep = re.search(r"repeated (\\d+)x across cluster", line)
            c, first = out.get(m, [0, n])
            out[m] = [c + (int(rep.group(1)) if rep else 1), first]
print(json.dumps(out))
`;

Deno.test("triage finds each kind in real log lines with the counts and first lines Python finds", async () => {
  const markers: Record<string, string> = {
    moe_default_config: "Using default MoE config",
    aiter_untuned_shape: "not found tuned config in",
    rocm_paged_attention_triton: "Cannot use ROCm custom paged attention kernel",
    preempted: "is preempted by PreemptionMode",
    oom: "HIP out of memory",
    nccl_error: "NCCL error in:",
    nccl_warn: "NCCL WARN",
    no_code_object: "invalid device function",
    arch_not_supported: "is not supported on gfx942",
    jit_build: "start build [module_",
  };
  const expected = await pythonJson<Record<string, [number, number]>>(
    COUNT_PY,
    FIXTURE,
    JSON.stringify(Object.values(markers)),
  );
  const found = await triageLog(FIXTURE, await loadPatterns());
  const byId = new Map(found.map((f) => [f.finding, f]));
  assert.deepEqual([...byId.keys()].sort(), Object.keys(markers).sort());
  for (const [id, marker] of Object.entries(markers)) {
    const f = byId.get(id)!;
    assert.deepEqual([f.count, f.first_line], expected[marker], id);
  }
  assert.equal(byId.get("preempted")!.count, 7, "one plain line and one Ray line repeated 6x");
  assert.deepEqual(
    found.map((f) => f.severity),
    [...found.map((f) => f.severity)].sort((a, b) =>
      ["error", "warning", "info"].indexOf(a) - ["error", "warning", "info"].indexOf(b)
    ),
  );
  assert.equal(byId.get("oom")!.kind, "oom");
  assert.equal(byId.get("arch_not_supported")!.kind, "unsupported_arch");
  assert.equal(byId.get("rocm_paged_attention_triton")!.kind, "fallback");
  for (const f of found) assert.ok(!f.first_text.includes("\x1b"), `ANSI left in ${f.first_text}`);
});

Deno.test(
  "triage reports nothing on the real vLLM V0/V1 log excerpts",
  { ignore: needsShared() },
  async () => {
    const patterns = await loadPatterns();
    const words =
      /out of memory|preempt|nccl|rccl|fall ?back|not supported|unsupported|build \[|tuned config|code object/i;
    for (const path of EXCERPTS) {
      const text = await Deno.readTextFile(path);
      assert.equal(
        text.split("\n").filter((l) => words.test(l)).length,
        0,
        `${path} has finding words`,
      );
      assert.deepEqual(await triageLog(path, patterns), [], path);
    }
  },
);

Deno.test("triage reads gzip'd logs and strips ANSI codes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/server.log.gz`, gzipSync(await Deno.readFile(FIXTURE)));
    const patterns = await loadPatterns();
    const plain = await triageLog(FIXTURE, patterns);
    const zipped = await triageLog(`${dir}/server.log.gz`, patterns);
    assert.deepEqual(
      zipped.map((f) => ({ ...f, source_file: "" })),
      plain.map((f) => ({ ...f, source_file: "" })),
    );
    assert.equal(
      plainLine("\x1b[36m(RayWorkerWrapper pid=655)\x1b[0m INFO x"),
      "(RayWorkerWrapper pid=655) INFO x",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bad pattern file is an InputError naming the line", () => {
  const header = "id\tkind\tseverity\tpattern\twhat\n";
  const bad: [string, RegExp][] = [
    ["name\tkind\n", /expected the header/],
    [header + "a\toom\tfatal\tx\ty\n", /line 2: severity must be error, warning or info/],
    [header + "a\toom\terror\t(unclosed\ty\n", /not a valid regular expression/],
    [header + "a\toom\terror\tx\n", /expected 5 tab-separated columns, found 4/],
    [header + "a\toom\terror\tx\ty\na\toom\terror\tz\ty\n", /line 3: pattern id 'a' appears twice/],
    ["# only a comment\n", /expected a header line/],
  ];
  for (const [text, message] of bad) {
    assert.throws(
      () => parsePatterns(text, "p.tsv"),
      (e: unknown) => e instanceof InputError && message.test(e.message),
    );
  }
  const ok = parsePatterns("# c\n" + header + "a\toom\terror\tOut Of Memory\ty\n", "p.tsv");
  assert.ok(ok[0].regex.test("HIP out of memory"));
});

Deno.test("deno task triage prints rows, filters by severity and exits 2 on a missing log", async () => {
  const env = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? "/tmp",
  };
  const cli = [Deno.execPath(), "run", "--allow-all", ROOT + "lib/cli/triage.ts"];
  const all = await run([...cli, FIXTURE, "--json"], env);
  assert.equal(all.code, 0, all.stderr);
  const rows = JSON.parse(all.stdout) as { finding: string; severity: string; count: number }[];
  assert.equal(rows.length, 10);
  const errors = await run([...cli, FIXTURE, "--csv", "--min-severity", "error"], env);
  const lines = errors.stdout.trim().split("\n");
  assert.equal(lines[0], "source_file,kind,finding,severity,count,first_line,first_text");
  assert.deepEqual(lines.slice(1).map((l) => l.split(",")[3]), ["error", "error", "error"]);
  const missing = await run([...cli, "/nonexistent/server.log"], env);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^tracedeck: \/nonexistent\/server\.log: no such file\n$/);
});
