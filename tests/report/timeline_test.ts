import assert from "node:assert/strict";
import { stepTimeline } from "../../lib/report/plots.ts";

Deno.test("report: the step timeline of a 12,000-step capture draws at most 300 bars of step means", () => {
  const rows = Array.from({ length: 12_000 }, (_, i) => ({
    step: i + 1,
    kind: i < 2 ? "prefill" : "decode",
    busy_us: 100 + (i % 2) * 20,
    idle_us: 10,
    used: i >= 2,
  }));
  const html = stepTimeline(rows, "Busy and idle per step.");
  const bars = (html.match(/<rect/g) ?? []).length;
  assert.ok(bars > 0 && bars <= 2 * 301 + 10, `${bars} rects`);
  assert.match(html, /mean of up to 40 consecutive steps/);
  // the means keep the numbers: busy alternates 100/120, so every mean is 110
  assert.match(html, /step 3 \(decode\) busy: 110\.0 µs/);
});
