/**
 * The machine a bench ran on: CPU model, cores, memory, OS, the load from
 * other work while it ran, and the versions of Deno and both DuckDB builds.
 *
 * @module
 */

/** Facts about the machine and the software measured. */
export interface MachineInfo {
  cpu_model: string;
  cores: number;
  ram_gib: number;
  os: string;
  deno: string;
  v8: string;
  duckdb_native: string | null;
  duckdb_wasm: string | null;
  /** 1-minute load average when the bench started and ended (other work on the machine). */
  load_start: number | null;
  load_end: number | null;
}

function readText(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return null;
  }
}

/** The 1-minute load average, or null off Linux. */
export function loadAverage(): number | null {
  const text = readText("/proc/loadavg");
  return text ? Number(text.split(" ")[0]) : null;
}

async function duckdbVersion(engine: "native" | "wasm"): Promise<string | null> {
  try {
    const { openEngine } = await import("../db/open.ts");
    const e = await openEngine({ engine, warn: () => {} });
    try {
      const [row] = await e.query<{ v: string }>("SELECT version() AS v");
      return row.v;
    } finally {
      await e.close();
    }
  } catch {
    return null;
  }
}

/** Describe this machine; `wasm` also asks the wasm build for its version. */
export async function machineInfo(wasm: boolean): Promise<MachineInfo> {
  const cpuinfo = readText("/proc/cpuinfo") ?? "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1].trim() ?? Deno.build.arch;
  const mem = Deno.systemMemoryInfo();
  return {
    cpu_model: model,
    cores: navigator.hardwareConcurrency,
    ram_gib: Math.round(mem.total / 2 ** 30 * 10) / 10,
    os: `${Deno.build.os} ${Deno.osRelease()} (${Deno.build.arch})`,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    duckdb_native: await duckdbVersion("native"),
    duckdb_wasm: wasm ? await duckdbVersion("wasm") : null,
    load_start: loadAverage(),
    load_end: null,
  };
}
