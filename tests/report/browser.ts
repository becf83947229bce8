/**
 * Opening report pages in headless Debian Chromium through playwright-core:
 * what a reader's browser would do with the page — console errors, network
 * requests, dialogs (alert), horizontal overflow, and how much of the
 * screenshot is not background. Tests skip with a message when
 * /usr/bin/chromium is absent (CI installs the Debian package `chromium`).
 *
 * @module
 */
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { decodePng, inkShare } from "./png.ts";

/** The Debian package's browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether the browser is installed here. */
export const HAS_CHROMIUM: boolean = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

let warned = false;

/** `ignore` option for browser tests: true (skip) when Chromium is absent, saying why once. */
export function needsChromium(): boolean {
  if (!HAS_CHROMIUM && !warned) {
    warned = true;
    console.warn(`skipping browser tests: ${CHROMIUM} is absent (apt-get install chromium)`);
  }
  return !HAS_CHROMIUM;
}

/** Viewport width the pages are opened at. */
export const VIEWPORT_WIDTH = 1280;

/** Screenshots stop this far down the page (enough to see it is drawn, cheap to decode). */
const SHOT_MAX_HEIGHT = 3000;

/** What the browser saw on one page. */
export interface PageCheck {
  path: string;
  /** Console messages of type error, and uncaught page errors. */
  errors: string[];
  /** Every request the page made (the page's own file URL included). */
  requests: string[];
  /** Messages of alert/confirm/prompt dialogs. */
  dialogs: string[];
  /** The document's scroll width (wider than the viewport: something overflows). */
  scrollWidth: number;
  /** Screenshot size (the page's top, at most 3000 px of it). */
  width: number;
  height: number;
  /** The document's full height. */
  pageHeight: number;
  /** Share of screenshot pixels that are not near-white. */
  ink: number;
  /** The page's visible text. */
  text: string;
  /** Elements that run or load something, and event-handler attributes, in the browser's DOM. */
  live: string[];
}

/**
 * Open each HTML file from disk (offline, every other request aborted) and
 * report what happened; `screenshot: false` skips the screenshot (ink stays 0).
 */
export async function checkPages(
  paths: string[],
  opts: { screenshot?: boolean } = {},
): Promise<PageCheck[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--headless"],
  });
  try {
    const out: PageCheck[] = [];
    for (const path of paths) {
      const url = pathToFileURL(path).href;
      const context = await browser.newContext({
        viewport: { width: VIEWPORT_WIDTH, height: 900 },
        offline: true,
      });
      const page = await context.newPage();
      const check: PageCheck = {
        path,
        errors: [],
        requests: [],
        dialogs: [],
        scrollWidth: 0,
        width: 0,
        height: 0,
        pageHeight: 0,
        ink: 0,
        text: "",
        live: [],
      };
      context.on("request", (r) => check.requests.push(r.url()));
      await context.route(
        "**/*",
        (route) => route.request().url() === url ? route.continue() : route.abort(),
      );
      page.on("console", (m) => {
        if (m.type() === "error") check.errors.push(m.text());
      });
      page.on("pageerror", (e) => check.errors.push(String(e)));
      page.on("dialog", (d) => {
        check.dialogs.push(d.message());
        d.dismiss().catch(() => {});
      });
      await page.goto(url, { waitUntil: "load" });
      check.scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      check.text = await page.evaluate(() => document.body.innerText);
      check.live = await page.evaluate(() => {
        const found = [
          ...document.querySelectorAll("script, img, iframe, object, embed, link, base"),
        ]
          .map((e) => e.tagName);
        for (const e of document.querySelectorAll("*")) {
          for (const a of e.attributes) {
            if (/^on/i.test(a.name)) found.push(`${e.tagName}[${a.name}]`);
          }
        }
        return found;
      });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      check.pageHeight = height;
      if (opts.screenshot === false) {
        await context.close();
        out.push(check);
        continue;
      }
      const png = await page.screenshot({
        fullPage: true,
        type: "png",
        clip: { x: 0, y: 0, width: VIEWPORT_WIDTH, height: Math.min(height, SHOT_MAX_HEIGHT) },
      });
      const img = decodePng(new Uint8Array(png));
      check.width = img.width;
      check.height = img.height;
      check.ink = inkShare(img);
      await context.close();
      out.push(check);
    }
    return out;
  } finally {
    await browser.close();
  }
}
