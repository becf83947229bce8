/**
 * `deno task classify` as a user runs it: names from arguments, stdin and a
 * TSV file; TSV, JSON and --explain output; --rules; exit 2 with one line on
 * bad usage or bad input.
 */
import assert from "node:assert/strict";
import { ROOT } from "../helpers.ts";

interface Result {
  code: number;
  stdout: string;
  /** stderr without Deno's own npm set-up warnings. */
  stderr: string;
}

async function classify(args: string[], stdin = ""): Promise<Result> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "lib/cli/classify.ts", ...args],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const out = await child.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const stderr = text(out.stderr).split("\n").filter((l) =>
    l.trim() && !/Warning|arrow2csv/.test(l)
  ).join("\n");
  return { code: out.code, stdout: text(out.stdout), stderr };
}

/** TSV text to header-keyed records. */
function parseTsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split("\n").map((l) => l.split("\t"));
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

Deno.test("classify: names as arguments print TSV in input order", async () => {
  const r = await classify([
    "void vllm::rms_norm_kernel<c10::BFloat16, 8, 2>(c10::BFloat16*)",
    "ncclDevKernel_Generic_1(ncclDevKernelArgsStorage<4096ul>) [clone .kd]",
    "triton_poi_fused_add_all_reduce_0",
    "no_rule_matches_this",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const rows = parseTsv(r.stdout);
  assert.deepEqual(
    rows.map((x) => [x.category, x.backend, x.sub_kind, x.collective_op, x.rule_id]),
    [
      ["Other", "HIP/CUDA", "norm", "", "norm"],
      ["AllReduce", "RCCL", "", "generic", "rccl-generic"],
      ["Other", "Triton", "elementwise", "", "inductor-pointwise"],
      ["Other", "unmatched", "unmatched", "", ""],
    ],
  );
  assert.equal(
    rows[1].name,
    "ncclDevKernel_Generic_1(ncclDevKernelArgsStorage<4096ul>) [clone .kd]",
  );
});

Deno.test("classify: names on stdin, --json", async () => {
  const r = await classify(
    ["--json"],
    "attn_fwd\n\nnvjet_sm90_tst_64x8_64x16_4x1_v_bz_TNT\r\nattn_fwd\n",
  );
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout);
  assert.deepEqual(
    rows.map((x: Record<string, unknown>) => [x.name, x.category, x.sub_kind, x.arch_hint]),
    [
      ["attn_fwd", "Attention", "FA", null],
      ["nvjet_sm90_tst_64x8_64x16_4x1_v_bz_TNT", "GEMM", null, "sm90"],
      ["attn_fwd", "Attention", "FA", null],
    ],
  );
});

Deno.test("classify: --tsv reads the name column; --explain shows the deciding rule and the runner-up; --rules outranks", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/names.tsv`,
      "count\tname\n3\tattn_fwd\n1\t_ZN5aiter27pa_bf16_noquant_gqa8_1tg_4wE\n",
    );
    const rules =
      "id\tpriority\tpattern\tcategory\tbackend\tsub_kind\tcollective_op\tprecision\tnote\n" +
      "mine\t1\t^attn_fwd$\tAttention\tMyFA\tFA\t\t\tmy flash kernel\n";
    await Deno.writeTextFile(`${dir}/rules.tsv`, rules);
    const r = await classify([
      "--tsv",
      `${dir}/names.tsv`,
      "--explain",
      "--rules",
      `${dir}/rules.tsv`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [attn, pa] = parseTsv(r.stdout);
    assert.equal(attn.name, "attn_fwd");
    assert.equal(attn.backend, "MyFA");
    assert.match(
      attn.rule,
      new RegExp(`^mine \\(${dir}/rules.tsv:2, priority 1, user rule\\) => Attention/MyFA/FA$`),
    );
    assert.equal(attn.runner_up_rule_id, "attn-fa-triton");
    assert.match(
      attn.runner_up,
      /^attn-fa-triton \(queries\/taxonomy\/rules\.tsv:\d+, priority \d+\) => Attention\/Triton\/FA$/,
    );
    assert.deepEqual([pa.category, pa.backend, pa.sub_kind], ["Attention", "ASM", "PA"]);
    assert.match(
      pa.runner_up,
      /^quant-fp8 /,
      "noquant also looks like a quant kernel; attention wins",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("classify: bad usage and bad input exit 2 with one line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/bad_rules.tsv`,
      "id\tpriority\tpattern\tcategory\tbackend\nx\t1\t([a-\tGEMM\tCK\n",
    );
    await Deno.writeTextFile(`${dir}/no_name.tsv`, "kernel\tcount\nattn_fwd\t1\n");
    const cases: [string[], RegExp][] = [
      [["--bogus"], /Unknown option '--bogus'/],
      [[], /no kernel names/],
      [["--tsv", `${dir}/missing.tsv`], /missing\.tsv: no such file/],
      [
        ["--tsv", `${dir}/no_name.tsv`],
        /no_name\.tsv:1: expected a header line with a 'name' column/,
      ],
      [["--rules", `${dir}/bad_rules.tsv`, "attn_fwd"], /bad_rules\.tsv:2: invalid RE2 pattern/],
      [["--db", "x.duckdb", "attn_fwd"], /drop --db/],
      [["--json", "--csv", "attn_fwd"], /one of --json and --csv/],
    ];
    for (const [args, why] of cases) {
      const r = await classify(args);
      assert.equal(r.code, 2, `${args.join(" ")}: exit ${r.code}\n${r.stderr}`);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr.split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^tracedeck: /);
      assert.match(r.stderr, why);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("classify: --help exits 0 and lists the options", async () => {
  const r = await classify(["--help"]);
  assert.equal(r.code, 0);
  for (const flag of ["--tsv", "--rules", "--explain", "--json"]) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});
