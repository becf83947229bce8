/**
 * capture/lib/roctx_window/sitecustomize.py: the trigger file switches the
 * tracer on and off exactly once each way, a process without the control
 * library says so and keeps running, and a sitecustomize it shadows still runs.
 *
 * @module
 */
import assert from "node:assert/strict";
import { CAPTURE, PYTHON, run } from "./standin_env.ts";

const WINDOW = CAPTURE + "lib/roctx_window";

/** Load the module without its TRACEDECK_* environment, drive _poll with a trigger file. */
const POLL_PY = `
import importlib.util, json, os, sys, tempfile, threading, time
spec = importlib.util.spec_from_file_location("window", sys.argv[1] + "/sitecustomize.py")
window = importlib.util.module_from_spec(spec)
spec.loader.exec_module(window)
calls = []
trigger = os.path.join(tempfile.mkdtemp(), "open")
threading.Thread(target=window._poll, args=(trigger, lambda: calls.append("start"), lambda: calls.append("stop"), 0.005), daemon=True).start()
def until(n):
    deadline = time.time() + 10
    while len(calls) < n and time.time() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)  # a few more polls: nothing may be repeated
    return list(calls)
seen = [until(0)]
open(trigger, "w").close(); seen.append(until(1))
os.remove(trigger); seen.append(until(2))
print(json.dumps(seen))
`;

Deno.test("the trigger file opens the window once and closes it once", async () => {
  const r = await run([PYTHON, "-c", POLL_PY, WINDOW], {
    PATH: "/usr/bin:/bin",
    PYTHONDONTWRITEBYTECODE: "1",
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [[], ["start"], ["start", "stop"]]);
});

Deno.test("without the control library the process says so and runs; a shadowed sitecustomize still runs", async () => {
  const other = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${other}/sitecustomize.py`,
      "import os\nos.environ['SHADOWED_RAN'] = 'yes'\n",
    );
    const r = await run([PYTHON, "-c", "import os; print(os.environ.get('SHADOWED_RAN'))"], {
      PATH: "/usr/bin:/bin",
      PYTHONDONTWRITEBYTECODE: "1",
      PYTHONPATH: `${WINDOW}:${other}`,
      TRACEDECK_WINDOW_TRIGGER: `${other}/open`,
      TRACEDECK_WINDOW_TOOL: "rocprofv3",
      ROCM_PATH: `${other}/no-rocm`,
      TRACEDECK_ROCTX_LIB: `${other}/no-such-lib.so`,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), "yes");
    // (on a ROCm host /opt/rocm has the library, and the window is armed instead)
    const rocm = await Deno.stat("/opt/rocm/lib/librocprofiler-sdk-roctx.so").then(
      () => true,
      () => false,
    );
    if (!rocm) {
      assert.match(r.stderr, /^tracedeck roctx_window: no rocprofv3 control library in pid \d+\n$/);
    }
  } finally {
    await Deno.remove(other, { recursive: true });
  }
});
