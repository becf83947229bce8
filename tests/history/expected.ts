/**
 * The decode figures of the example traces computed straight from their
 * events, without the store or its SQL: each vLLM step annotation with the
 * kernels that start inside it; span from the annotation's start to the later
 * of its end and its last kernel's end; busy as the union of kernel
 * intervals; categories from the names' intended labels. The first decode
 * step of every example is its warm-up (built 4 ms slower), so it is left out.
 *
 * @module
 */
import { gunzipSync } from "node:zlib";
import { EXAMPLE_KERNELS, type KinetoEvent } from "../../fixtures/examples/decode_trace.ts";

/** Independent decode figures of one example trace. */
export interface TraceFigures {
  /** Median span of the used decode steps (µs). */
  stepUs: number;
  /** Median GPU busy time of the used decode steps (µs). */
  busyUs: number;
  /** Idle share of the used steps' summed span (0–100). */
  idlePct: number;
  /** Requests per decode step. */
  batch: number;
  /** Used decode steps. */
  steps: number;
  /** µs per used step by category. */
  categoryUs: Record<string, number>;
  /** Share of decode kernel time by category (0–100). */
  categoryPct: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const ns = (us: number) => Math.round(us * 1000);

const CATEGORY_OF = new Map<string, string>(
  Object.values(EXAMPLE_KERNELS).map((k) => [k.name, k.category]),
);

/** Compute the figures of the trace file at `path` (.json.gz). */
export function traceFigures(path: string): TraceFigures {
  const doc = JSON.parse(new TextDecoder().decode(gunzipSync(Deno.readFileSync(path)))) as {
    traceEvents: KinetoEvent[];
  };
  const kernels = doc.traceEvents.filter((e) => e.cat === "kernel")
    .map((e) => ({ name: e.name, start: ns(e.ts), end: ns(e.ts + e.dur) }));
  const decode = doc.traceEvents
    .filter((e) => e.cat === "user_annotation" && /^execute_context_0\(/.test(e.name))
    .sort((a, b) => a.ts - b.ts)
    .slice(1);
  const spans: number[] = [];
  const busies: number[] = [];
  const categoryNs: Record<string, number> = {};
  let batch = 0;
  for (const m of decode) {
    batch = Number(/_generation_(\d+)\(/.exec(m.name)![1]);
    const start = ns(m.ts), end = ns(m.ts + m.dur);
    const inside = kernels.filter((k) => k.start >= start && k.start <= end).sort((a, b) =>
      a.start - b.start
    );
    let busy = 0, reach = -Infinity;
    for (const k of inside) {
      busy += Math.max(0, k.end - Math.max(k.start, reach));
      reach = Math.max(reach, k.end);
      const c = CATEGORY_OF.get(k.name)!;
      categoryNs[c] = (categoryNs[c] ?? 0) + (k.end - k.start);
    }
    spans.push(Math.max(end, reach) - start);
    busies.push(busy);
  }
  const total = Object.values(categoryNs).reduce((a, b) => a + b, 0);
  const spanSum = spans.reduce((a, b) => a + b, 0);
  const idleSum = spans.reduce((a, s, i) => a + (s - busies[i]), 0);
  return {
    stepUs: median(spans) / 1000,
    busyUs: median(busies) / 1000,
    idlePct: (100 * idleSum) / spanSum,
    batch,
    steps: decode.length,
    categoryUs: Object.fromEntries(
      Object.entries(categoryNs).map(([c, v]) => [c, v / 1000 / decode.length]),
    ),
    categoryPct: Object.fromEntries(
      Object.entries(categoryNs).map(([c, v]) => [c, (100 * v) / total]),
    ),
  };
}

/** Assert `actual` is within a relative 1e-9 (absolute 1e-9 near zero) of `expected`. */
export function near(actual: unknown, expected: number, what: string): void {
  if (
    typeof actual !== "number" ||
    Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected))
  ) {
    throw new Error(`${what}: expected ${expected}, got ${actual}`);
  }
}
