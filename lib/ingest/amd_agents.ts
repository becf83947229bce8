/**
 * AMD profiler agents (rocprofv3 / rocprof): agent ids as the CSVs print them
 * (`Agent 2`, `GPU 0` or a bare number) turned into device indices, and the
 * GPU agents' gfx names and product names turned into the run's arch and
 * device name (a gfx name alone names a model only when one model has it).
 *
 * @module
 */
import { DEVICE_MODELS } from "../arch/devices.ts";
import { InputError } from "../cli/errors.ts";
import { printable } from "./csv.ts";
import type { RunWriter } from "./writer.ts";

const AGENT_ID = /^\s*(?:[A-Za-z]+\s*)?(\d+)\s*$/;

/**
 * The device index in an agent id field: `Agent 2` → 2, `GPU 0` → 0, `3` → 3,
 * empty → null; anything else is an InputError.
 */
export function agentIndex(
  value: string | null,
  file: string,
  column: string,
  line?: number,
): number | null {
  if (value === null || !value.trim()) return null;
  const m = AGENT_ID.exec(value);
  if (!m) {
    throw new InputError(
      file,
      `expected an agent id like 'Agent 2' or a number in column ${column}, found '${
        printable(value)
      }'`,
      line === undefined ? undefined : `line ${line}`,
    );
  }
  return Number(m[1]);
}

/** The gfx architecture in an agent name (`gfx942`, `gfx942:sramecc+:xnack-`), or null. */
export function gfxArch(name: string | null | undefined): string | null {
  const m = name ? /\bgfx[0-9a-f]+/i.exec(name) : null;
  return m ? m[0].toLowerCase() : null;
}

/** The one GPU model with this arch (gfx908 → MI100), or null when none or several share it. */
export function modelForArch(arch: string | null): string | null {
  const models = DEVICE_MODELS.filter((m) => m.arch === arch);
  return models.length === 1 ? models[0].model : null;
}

/** A GPU agent as a profiler describes it. */
export interface GpuAgent {
  /** Agent name: the gfx target. */
  name: string | null;
  /** Product (marketing) name, e.g. AMD Instinct MI300X, when given. */
  product: string | null;
}

/**
 * Record arch and device name from the GPU agents: set when all GPUs agree;
 * the device name is the product name, else the model the arch implies.
 * Facts already known are kept.
 */
export function noteGpuAgents(writer: RunWriter, gpus: readonly GpuAgent[]): void {
  const archs = new Set(gpus.map((g) => gfxArch(g.name)).filter((a): a is string => a !== null));
  const products = new Set(gpus.map((g) => g.product?.trim()).filter((p): p is string => !!p));
  const arch = archs.size === 1 ? [...archs][0] : null;
  if (arch) writer.facts.arch ??= arch;
  if (products.size === 1) writer.facts.device_name ??= [...products][0];
  else if (arch) writer.facts.device_name ??= modelForArch(arch);
  if (archs.size > 1) writer.meta.gpu_archs ??= [...archs].sort().join(",");
}
