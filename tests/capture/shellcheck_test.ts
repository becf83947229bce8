/**
 * Every capture shell script is shellcheck-clean, and every Python file of the
 * capture tools and stand-ins parses.
 *
 * @module
 */
import assert from "node:assert/strict";
import { CAPTURE, PYTHON, run, STANDINS } from "./standin_env.ts";

const SHELL = [
  `${CAPTURE}profile-decode`,
  `${CAPTURE}bench-matrix`,
  `${CAPTURE}lib/common.sh`,
  ...["amd-smi", "rocminfo", "nvidia-smi", "pip"].map((t) => STANDINS + t),
];
const PYTHON_FILES = [
  `${CAPTURE}manifest`,
  `${CAPTURE}lib/decode_load.py`,
  `${CAPTURE}lib/roctx_window/sitecustomize.py`,
  ...["vllm", "rocprofv3", "fake_openai_server.py", "fake_gpu.py"].map((t) => STANDINS + t),
];

Deno.test("capture shell scripts and shell stand-ins are shellcheck-clean", async () => {
  let r;
  try {
    r = await run(["shellcheck", "-x", "-S", "style", ...SHELL], { PATH: "/usr/bin:/bin" });
  } catch (e) {
    throw new Error(`shellcheck is not installed (Debian package 'shellcheck'): ${e}`);
  }
  assert.equal(r.stdout + r.stderr, "");
  assert.equal(r.code, 0);
});

Deno.test("capture Python files and Python stand-ins parse", async () => {
  const r = await run(
    [
      PYTHON,
      "-c",
      "import ast, sys\nfor f in sys.argv[1:]: ast.parse(open(f).read(), f)",
      ...PYTHON_FILES,
    ],
    { PATH: "/usr/bin:/bin" },
  );
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
});

Deno.test("capture scripts and stand-ins are executable", async () => {
  for (
    const f of [
      `${CAPTURE}profile-decode`,
      `${CAPTURE}bench-matrix`,
      `${CAPTURE}manifest`,
      ...["amd-smi", "rocminfo", "nvidia-smi", "pip", "vllm", "rocprofv3"].map((t) => STANDINS + t),
    ]
  ) {
    const mode = (await Deno.stat(f)).mode ?? 0;
    assert.equal(mode & 0o111, 0o111, `${f} is not executable`);
  }
});
