/**
 * The report renderers (remark, rehype, Observable Plot, linkedom behind
 * them), loaded together. Their import takes about 0.25 s of the main thread,
 * so `deno task report` starts it when the decode tables are computed, work
 * that runs on DuckDB's threads while the main thread waits, and awaits it
 * only to render. (Not earlier: a Kineto JSON ingest keeps the main thread
 * busy, and so does part of the classification.)
 *
 * @module
 */

/** The modules a report needs once the analysis is done. */
export interface Renderers {
  build: typeof import("./build.ts");
  render: typeof import("./render.ts");
  json: typeof import("./json.ts");
  provenance: typeof import("./provenance.ts");
  write: typeof import("./write.ts");
}

/**
 * Start loading the renderers. The promise is marked handled, so a caller
 * that fails before awaiting it does not also report a rejected import.
 */
export function loadRenderers(): Promise<Renderers> {
  const loading = Promise.all([
    import("./build.ts"),
    import("./render.ts"),
    import("./json.ts"),
    import("./provenance.ts"),
    import("./write.ts"),
  ]).then(([build, render, json, provenance, write]) => ({
    build,
    render,
    json,
    provenance,
    write,
  }));
  loading.catch(() => {});
  return loading;
}
