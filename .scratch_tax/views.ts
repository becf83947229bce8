import { memoryStore } from "../tests/helpers.ts";
import { ingestPath } from "../lib/ingest/mod.ts";
import { loadViews } from "../lib/store/views.ts";
for (const kind of ["native", "wasm"] as const) {
  const e = await memoryStore(kind);
  await ingestPath(e, "../shared/samples/amd/mi300x_sglang_qwen3-8b_decode.json.gz");
  const t0 = performance.now();
  await loadViews(e);
  console.log(kind, "loadViews", (performance.now() - t0).toFixed(0), "ms");
  console.log(await e.query("SELECT category, count(*)::INTEGER n FROM dispatch_labels GROUP BY 1 ORDER BY 1"));
  await e.close();
}
