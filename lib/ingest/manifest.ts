/**
 * Capture folders (written by `capture/profile-decode` and
 * `capture/bench-matrix`): their `run.json` manifest becomes run metadata
 * (and fills the device and arch a trace may lack), and their server logs
 * (`*.log`, `*.log.gz`) are triaged into log_findings.
 *
 * @module
 */
import { InputError } from "../cli/errors.ts";
import { loadPatterns } from "../triage/patterns.ts";
import { triageLog } from "../triage/scan.ts";
import { storeFindings } from "../triage/store.ts";
import type { RunWriter } from "./writer.ts";

/** The manifest schema id `capture/manifest` writes (major version 1). */
export const MANIFEST_SCHEMA = "tracedeck-capture/1";

/** A hashed file: a tuned config or a shipped kernel. */
export interface ManifestFile {
  /** Stable key for comparing manifests (package-relative path, or env:VAR:name). */
  key: string;
  /** Where it came from: vllm-fused-moe, aiter-configs, aiter-hsa, env:VAR ... */
  source: string;
  /** Absolute path on the capture host. */
  path: string;
  bytes: number;
  sha256: string;
}

/** The GPU as the host's tools report it. */
export interface ManifestGpu {
  vendor: "amd" | "nvidia";
  model: string | null;
  arch: string | null;
  count: number;
  driver: string | null;
  runtime: string | null;
  source: string[];
}

/** `run.json` as `capture/manifest` writes it. */
export interface CaptureManifest {
  schema: string;
  created_at: string;
  tool: string;
  host: {
    hostname: string;
    os: string;
    kernel: string;
    cpu: string;
    cpu_count: number;
    python: string;
  };
  gpu: ManifestGpu | null;
  container: {
    in_container: boolean;
    image: string | null;
    image_source: string | null;
    container_id: string | null;
    container_id_source: string | null;
  };
  packages: { name: string; version: string }[] | null;
  env: Record<string, string>;
  server: { command: string; args: string[] } | null;
  tuned_configs: ManifestFile[];
  kernel_inventory: ManifestFile[];
  /** Tool-specific facts: tracer, model, tp, steps, the benchmark matrix ... */
  capture: Record<string, unknown>;
}

/** Packages whose versions become run metadata (`version.<name>`). */
const VERSIONED = [
  "vllm",
  "sglang",
  "atom",
  "torch",
  "triton",
  "pytorch-triton-rocm",
  "aiter",
  "amd-aiter",
  "transformers",
];

/**
 * Read `run.json` from a folder: null when there is none or it is not a
 * tracedeck manifest; an InputError when it is not JSON at all.
 */
export async function readManifest(folder: string): Promise<CaptureManifest | null> {
  const path = `${folder.replace(/\/+$/, "")}/run.json`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw new InputError(path, `cannot read (${e})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(path, `expected a JSON capture manifest (${(e as Error).message})`);
  }
  const schema = (doc as { schema?: unknown })?.schema;
  if (typeof schema !== "string" || !schema.startsWith("tracedeck-capture/")) return null;
  if (schema !== MANIFEST_SCHEMA) {
    throw new InputError(
      path,
      `manifest schema '${schema}' is newer than this tracedeck's ${MANIFEST_SCHEMA}`,
    );
  }
  return doc as CaptureManifest;
}

function scalar(v: unknown): string | null {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean"
    ? String(v)
    : null;
}

/**
 * The run metadata a manifest gives: gpu, arch, gpu_count, driver, runtime,
 * image, container_id, hostname, captured_at, tool, version.<package>, every
 * scalar capture fact (tracer, model, tp ...) under its own name, and the whole
 * manifest as JSON under `manifest`.
 */
export function manifestMeta(m: CaptureManifest): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: unknown) => {
    const s = scalar(v);
    if (s !== null && s !== "" && !(k in out)) out[k] = s;
  };
  put("gpu", m.gpu?.model);
  put("arch", m.gpu?.arch);
  put("gpu_count", m.gpu?.count);
  put("driver", m.gpu?.driver);
  put("runtime", m.gpu?.runtime);
  put("image", m.container?.image);
  put("container_id", m.container?.container_id);
  put("hostname", m.host?.hostname);
  put("captured_at", m.created_at);
  put("tool", m.tool);
  for (const p of m.packages ?? []) {
    if (VERSIONED.includes(p.name.toLowerCase())) put(`version.${p.name.toLowerCase()}`, p.version);
  }
  for (const [k, v] of Object.entries(m.capture ?? {})) put(k, v);
  out.manifest = JSON.stringify(m);
  return out;
}

/** Log files in a folder, recursively: `*.log` and `*.log.gz`, sorted. */
async function logFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(p);
      else if (e.isFile && /\.log(\.gz)?$/.test(e.name)) out.push(p);
    }
  };
  await walk(folder.replace(/\/+$/, ""));
  return out.sort();
}

/**
 * The ingest hook for capture folders: when `path` is a folder, put its
 * manifest into the run (metadata already given wins; the device name, arch
 * and framework fill only what the trace left empty) and store the triage of
 * its logs under the run. Nothing happens for a single file.
 */
export async function captureExtras(path: string, writer: RunWriter): Promise<void> {
  const st = await Deno.stat(path);
  if (!st.isDirectory) return;
  const manifest = await readManifest(path);
  if (manifest) {
    for (const [k, v] of Object.entries(manifestMeta(manifest))) writer.meta[k] ??= v;
    writer.facts.device_name ??= manifest.gpu?.model ?? null;
    writer.facts.arch ??= manifest.gpu?.arch ?? null;
    const framework = scalar(manifest.capture?.framework);
    if (framework) writer.facts.framework ??= framework;
  }
  const logs = await logFiles(path);
  if (!logs.length) return;
  const patterns = await loadPatterns();
  for (const log of logs) {
    await storeFindings(writer.db, writer.runId, await triageLog(log, patterns));
  }
}
