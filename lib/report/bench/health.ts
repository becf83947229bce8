/**
 * Benchmark report section (when server logs are among the inputs): serving
 * health from vLLM's periodic stats lines (bench_log_health) — whether TTFT
 * is queueing or prefill, KV-cache saturation, preemptions, and requests in
 * the server against the client's concurrency — with each log's timeline.
 *
 * @module
 */
import type { RootContent } from "mdast";
import type { Row } from "../../db/engine.ts";
import { code, figure, heading, list, para, table } from "../doc.ts";
import { count, percent, tps } from "./format.ts";
import { kvCachePlot, requestsPlot } from "./plot_health.ts";

const share = (v: unknown) => (typeof v === "number" ? percent(v * 100) : "–");

/** The health section (empty without logs); `ab` shows each log's label (its side). */
export function healthSection(health: Row[], timeline: Row[], ab: boolean): RootContent[] {
  if (!health.length) return [];
  const labelled = ab || new Set(health.map((h) => h.label)).size > 1;
  const out: RootContent[] = [
    heading(2, "Serving health (server logs)"),
    para(
      "From the engine's periodic stats lines; only lines with a request running or waiting count. ",
      "TTFT is queueing when requests wait in at least 25% of those lines, else prefill; ",
      "the KV cache is saturated when it runs at 90% or more for at least 10% of them.",
    ),
    table(
      [
        { title: "log", align: "left" },
        ...(labelled ? [{ title: "label", align: "left" as const }] : []),
        { title: "client conc", align: "right" },
        { title: "max running", align: "right" },
        { title: "max waiting", align: "right" },
        { title: "max in server", align: "right" },
        { title: "queued lines", align: "right" },
        { title: "peak KV", align: "right" },
        { title: "KV ≥ 90% lines", align: "right" },
        { title: "preemptions", align: "right" },
        { title: "gen tok/s", align: "right" },
        { title: "TTFT is", align: "left" },
      ],
      health.map((h) => [
        code(String(h.source_file).split("/").pop() ?? ""),
        ...(labelled ? [String(h.label ?? "")] : []),
        count(h.client_concurrency),
        count(h.max_running),
        count(h.max_waiting),
        count(h.max_in_system),
        share(h.queued_share),
        percent(h.peak_gpu_kv_pct),
        share(h.kv_saturated_share),
        h.preemptions === null ? "none logged" : count(h.preemptions),
        tps(h.mean_generation_tps),
        String(h.ttft_cause ?? "idle"),
      ]),
    ),
  ];
  for (const h of health) {
    const mine = timeline.filter((t) => t.log_id === h.log_id);
    out.push(
      heading(3, code(String(h.source_file))),
      list(String(h.diagnosis || "no finding").split("; ").map((s) => [s])),
    );
    const conc = typeof h.client_concurrency === "number" ? h.client_concurrency : null;
    const svgs = [requestsPlot(mine, conc), kvCachePlot(mine)].filter((x) => x !== null);
    if (svgs.length) {
      out.push(figure(`<div style="display:flex;flex-wrap:wrap;gap:12px">${svgs.join("")}</div>`));
    }
  }
  return out;
}
