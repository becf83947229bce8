/**
 * The benchmark report HTML in a real browser (Debian's chromium, headless,
 * driven by playwright-core): opened from disk it logs no console error,
 * makes no request besides its own file, runs no script smuggled in through
 * a label, fits the page width, and its screenshot is not blank. Skips with a
 * message when /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { chromium } from "playwright-core";
import { HAS_SHARED, sample } from "../helpers.ts";
import { minimaxFiles } from "../bench/helpers.ts";
import { benchReport, tempDir } from "./helpers.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();
if (!HAS_CHROMIUM) {
  console.warn(`skipping the browser test: ${CHROMIUM} is absent (apt-get install -y chromium)`);
}

/** A vLLM result whose model name tries to run code. */
function hostileResult(concurrency: number): string {
  return JSON.stringify({
    date: "20260101-120000",
    backend: "vllm",
    model_id: '<img src=x onerror="window.__pwned=2">',
    request_rate: "inf",
    max_concurrency: concurrency,
    completed: 100,
    failed: 0,
    output_throughput: 100 * concurrency,
    total_token_throughput: 900 * concurrency,
    median_ttft_ms: 100,
    p99_ttft_ms: 200,
    median_tpot_ms: 20,
    p99_tpot_ms: 30,
  });
}

Deno.test({
  name:
    "benchmark reports open in chromium with no error, no request, no script, and ink on screen",
  ignore: !HAS_CHROMIUM,
  async fn() {
    const { dir, done } = await tempDir();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox"],
    });
    try {
      await Deno.writeTextFile(`${dir}/c4.json`, hostileResult(4));
      await Deno.writeTextFile(`${dir}/c8.json`, hostileResult(8));
      const reports = [
        await benchReport([
          `${dir}/c4.json`,
          `${dir}/c8.json`,
          "--label",
          "<script>window.__pwned=1</script>",
        ], `${dir}/hostile`),
      ];
      if (HAS_SHARED) {
        reports.push(
          await benchReport(
            [...minimaxFiles("dep8"), "--vs", ...minimaxFiles("tep8")],
            `${dir}/ab`,
          ),
        );
        reports.push(
          await benchReport([sample("bench"), "--weight-bytes", "1.4e11"], `${dir}/all`),
        );
      } else console.warn("browser test: ../shared is absent, only the synthetic report is opened");
      const names = ["hostile", "ab", "all"].slice(0, reports.length);
      const blank = await browser.newPage();
      for (const name of names) {
        const url = `file://${dir}/${name}.html`;
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("request", (r) => r.url() !== url && requests.push(r.url()));
        await page.goto(url, { waitUntil: "load" });
        assert.deepEqual(errors, [], `${name}: console errors`);
        assert.deepEqual(requests, [], `${name}: requests besides the file`);
        const state = await page.evaluate(() => ({
          pwned: (globalThis as unknown as { __pwned?: number }).__pwned ?? 0,
          svgs: document.querySelectorAll("svg").length,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        }));
        assert.equal(state.pwned, 0, `${name}: no injected script ran`);
        assert.ok(state.svgs > 0, `${name}: figures drawn`);
        assert.ok(
          state.overflow <= 0,
          `${name}: fits the page width (overflow ${state.overflow}px)`,
        );
        const png = await page.screenshot({ fullPage: false });
        const inked = await blank.evaluate(async (src) => {
          const img = new Image();
          img.src = src;
          await img.decode();
          const canvas = document.createElement("canvas");
          canvas.width = img.width;
          canvas.height = img.height;
          const g = canvas.getContext("2d")!;
          g.drawImage(img, 0, 0);
          const px = g.getImageData(0, 0, img.width, img.height).data;
          let ink = 0;
          for (let i = 0; i < px.length; i += 4) {
            if (px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200) ink++;
          }
          return ink / (px.length / 4);
        }, `data:image/png;base64,${Buffer.from(png).toString("base64")}`);
        assert.ok(
          inked > 0.01,
          `${name}: screenshot has ink (${(inked * 100).toFixed(2)}% of pixels)`,
        );
        await page.close();
      }
    } finally {
      await browser.close();
      await done();
    }
  },
});
