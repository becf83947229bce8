/**
 * The HTML report in a real browser (headless Debian Chromium): opened from
 * disk it logs no error, makes no request besides its own file, opens no
 * dialog, does not overflow the page width, and draws something.
 */
import assert from "node:assert/strict";
import { decodeKernels, TORCH_GEMV, writeTrace } from "./kineto_fixture.ts";
import { reportCli } from "./report_support.ts";
import { checkPages, needsChromium, VIEWPORT_WIDTH } from "./browser.ts";
import { pathToFileURL } from "node:url";

Deno.test({
  name: "report HTML opens offline in Chromium without errors, requests or overflow, and is drawn",
  ignore: needsChromium(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "tracedeck-browser-" });
    try {
      const base = await writeTrace(dir, "base.json", {
        steps: 12,
        warmup: true,
        kernels: decodeKernels(30),
      });
      const cand = await writeTrace(dir, "cand.json", {
        steps: 12,
        kernels: decodeKernels(
          90,
          (
            i,
          ) => (i % 2
            ? TORCH_GEMV
            : `Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT${16 << i}x16x256`),
        ),
      });
      for (const [args, out] of [[[base], "one"], [[cand, "--vs", base], "ab"]] as const) {
        const r = await reportCli([...args, "--out", `${dir}/${out}`]);
        assert.equal(r.code, 0, r.stderr);
      }
      const pages = await checkPages([`${dir}/one.html`, `${dir}/ab.html`]);
      for (const p of pages) {
        assert.deepEqual(p.errors, [], p.path);
        assert.deepEqual(
          p.requests,
          [pathToFileURL(p.path).href],
          "only the page itself is requested",
        );
        assert.deepEqual(p.dialogs, [], p.path);
        assert.deepEqual(p.live, [], p.path);
        assert.ok(p.scrollWidth <= VIEWPORT_WIDTH, `${p.path} is ${p.scrollWidth} px wide`);
        assert.ok(
          p.ink > 0.03,
          `${p.path}: only ${(100 * p.ink).toFixed(2)}% of the screenshot is drawn`,
        );
        assert.ok(p.ink < 0.6, `${p.path}: ${(100 * p.ink).toFixed(2)}% dark — not a normal page`);
        assert.match(p.text, /Decode breakdown|Verdict/);
      }
      assert.match(pages[1].text, /regression/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the browser check sees scripts, dialogs, console errors and requests (so the test above can fail)",
  ignore: needsChromium(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "tracedeck-browser-" });
    try {
      await Deno.writeTextFile(
        `${dir}/bad.html`,
        `<!doctype html><p>x</p><img src="http://198.51.100.1/x.png"><script>alert("boom"); console.error("bad");</script>`,
      );
      const [p] = await checkPages([`${dir}/bad.html`]);
      assert.deepEqual(p.dialogs, ["boom"]);
      assert.ok(p.errors.includes("bad"), p.errors.join("; "));
      assert.ok(
        p.requests.some((u) => u.startsWith("http://198.51.100.1/")),
        p.requests.join(", "),
      );
      assert.deepEqual(p.live, ["IMG", "SCRIPT"]);
      assert.ok(p.ink < 0.01, "an almost empty page is almost blank");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
