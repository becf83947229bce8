/**
 * What changed between two capture manifests (`run.json`): GPU and runtime
 * facts, packages added / removed / at another version, tuned config files
 * and shipped kernels added / removed / with other content, environment
 * variables and the server command. A pure function over two manifests, so a
 * report can render it as a table.
 *
 * @module
 */
import type { CaptureManifest, ManifestFile } from "../ingest/manifest.ts";

/** The part of the manifest a change is in. */
export type ManifestSection =
  | "gpu"
  | "container"
  | "package"
  | "tuned_config"
  | "kernel"
  | "env"
  | "server";

/** One difference between two manifests. */
export interface ManifestChange {
  section: ManifestSection;
  /** Package name, file key, variable name or fact name. */
  key: string;
  change: "added" | "removed" | "changed";
  /** The value in the first manifest (a version, a sha256, a setting); null when added. */
  before: string | null;
  /** The value in the second manifest; null when removed. */
  after: string | null;
}

const SECTION_ORDER: ManifestSection[] = [
  "gpu",
  "container",
  "server",
  "package",
  "env",
  "tuned_config",
  "kernel",
];

/** Compare two key → value maps into changes of one section. */
function diffMaps(
  section: ManifestSection,
  a: Map<string, string>,
  b: Map<string, string>,
): ManifestChange[] {
  const out: ManifestChange[] = [];
  for (const [key, before] of a) {
    const after = b.get(key);
    if (after === undefined) out.push({ section, key, change: "removed", before, after: null });
    else if (after !== before) out.push({ section, key, change: "changed", before, after });
  }
  for (const [key, after] of b) {
    if (!a.has(key)) out.push({ section, key, change: "added", before: null, after });
  }
  return out.sort((x, y) => x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
}

function facts(entries: [string, unknown][]): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of entries) if (v !== null && v !== undefined) m.set(k, String(v));
  return m;
}

function files(list: readonly ManifestFile[] | undefined): Map<string, string> {
  return new Map((list ?? []).map((f) => [f.key, f.sha256]));
}

/**
 * Every difference from manifest `a` (before) to manifest `b` (after), by
 * section (gpu, container, server, package, env, tuned_config, kernel), then key.
 * Packages compare by lower-cased name; files by key and sha256.
 */
export function diffManifests(a: CaptureManifest, b: CaptureManifest): ManifestChange[] {
  const gpu = (m: CaptureManifest) =>
    facts([
      ["model", m.gpu?.model],
      ["arch", m.gpu?.arch],
      ["count", m.gpu?.count],
      ["driver", m.gpu?.driver],
      ["runtime", m.gpu?.runtime],
    ]);
  const container = (m: CaptureManifest) => facts([["image", m.container?.image]]);
  const server = (m: CaptureManifest) => facts([["command", m.server?.command]]);
  const packages = (m: CaptureManifest) =>
    new Map((m.packages ?? []).map((p) => [p.name.toLowerCase(), p.version]));
  const env = (m: CaptureManifest) => new Map(Object.entries(m.env ?? {}));
  const bySection: Record<ManifestSection, ManifestChange[]> = {
    gpu: diffMaps("gpu", gpu(a), gpu(b)),
    container: diffMaps("container", container(a), container(b)),
    server: diffMaps("server", server(a), server(b)),
    package: diffMaps("package", packages(a), packages(b)),
    env: diffMaps("env", env(a), env(b)),
    tuned_config: diffMaps("tuned_config", files(a.tuned_configs), files(b.tuned_configs)),
    kernel: diffMaps("kernel", files(a.kernel_inventory), files(b.kernel_inventory)),
  };
  return SECTION_ORDER.flatMap((s) => bySection[s]);
}
