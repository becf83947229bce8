/**
 * rocprofv3's `<pid>_agent_info.csv`: one row per HSA agent of the node (two
 * CPU sockets, then the GPUs), with the columns rocprofiler-sdk writes
 * (`source/lib/output/generateCSV.cpp`). Kernel traces name an agent as
 * `Agent <Logical_Node_Id>`.
 *
 * @module
 */
import type { Hardware } from "./hardware.ts";

/** The agent_info.csv header, as rocprofiler-sdk writes it. */
export const AGENT_INFO_COLUMNS = [
  "Node_Id",
  "Logical_Node_Id",
  "Agent_Type",
  "Cpu_Cores_Count",
  "Simd_Count",
  "Cpu_Core_Id_Base",
  "Simd_Id_Base",
  "Max_Waves_Per_Simd",
  "Lds_Size_In_Kb",
  "Gds_Size_In_Kb",
  "Num_Gws",
  "Wave_Front_Size",
  "Num_Xcc",
  "Cu_Count",
  "Array_Count",
  "Num_Shader_Banks",
  "Simd_Arrays_Per_Engine",
  "Cu_Per_Simd_Array",
  "Simd_Per_Cu",
  "Max_Slots_Scratch_Cu",
  "Gfx_Target_Version",
  "Vendor_Id",
  "Device_Id",
  "Location_Id",
  "Domain",
  "Drm_Render_Minor",
  "Num_Sdma_Engines",
  "Num_Sdma_Xgmi_Engines",
  "Num_Sdma_Queues_Per_Engine",
  "Num_Cp_Queues",
  "Max_Engine_Clk_Ccompute",
  "Max_Engine_Clk_Fcompute",
  "Sdma_Fw_Version",
  "Fw_Version",
  "Capability",
  "Cu_Per_Engine",
  "Max_Waves_Per_Cu",
  "Family_Id",
  "Workgroup_Max_Size",
  "Grid_Max_Size",
  "Local_Mem_Size",
  "Hive_Id",
  "Gpu_Id",
  "Workgroup_Max_Dim_X",
  "Workgroup_Max_Dim_Y",
  "Workgroup_Max_Dim_Z",
  "Grid_Max_Dim_X",
  "Grid_Max_Dim_Y",
  "Grid_Max_Dim_Z",
  "Name",
  "Vendor_Name",
  "Product_Name",
  "Model_Name",
] as const; // deno-fmt-ignore

/** CPU sockets listed before the GPUs (so GPU `d` is logical node `CPU_AGENTS + d`). */
export const CPU_AGENTS = 2;

interface GpuAgentFacts {
  gfx: string;
  gfxTargetVersion: number;
  deviceId: number;
  ldsKb: number;
  cuPerSimdArray: number;
  clockMhz: number;
  modelName: string;
  cpuName: string;
  cpuCores: number;
}

const FACTS: Record<"gfx942" | "gfx950", GpuAgentFacts> = {
  gfx942: {
    gfx: "gfx942",
    gfxTargetVersion: 90402,
    deviceId: 0x74a1,
    ldsKb: 64,
    cuPerSimdArray: 10,
    clockMhz: 2100,
    modelName: "aqua_vanjaram",
    cpuName: "AMD EPYC 9654 96-Core Processor",
    cpuCores: 96,
  },
  gfx950: {
    gfx: "gfx950",
    gfxTargetVersion: 90500,
    deviceId: 0x75a3,
    ldsKb: 160,
    cuPerSimdArray: 8,
    clockMhz: 2400,
    modelName: "",
    cpuName: "AMD EPYC 9575F 64-Core Processor",
    cpuCores: 64,
  },
};

/** PCI bus of GPU `d` on an 8-GPU board. */
function pciBus(d: number): number {
  return (0x05 + d * 0x20) & 0xff;
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * The agent_info.csv text for a node with `gpus` GPUs of `hw` (AMD only);
 * `seed` fixes the KFD gpu ids and the hive id.
 */
export function agentInfoCsv(hw: Hardware, gpus: number, seed: number): string {
  if (hw.arch === "sm90") throw new Error("agent_info.csv describes AMD agents only");
  const f = FACTS[hw.arch];
  const rows: (string | number)[][] = [];
  for (let c = 0; c < CPU_AGENTS; c++) {
    rows.push([
      c,
      c,
      quote("CPU"),
      f.cpuCores,
      0,
      c * f.cpuCores,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      3700,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      quote(f.cpuName),
      quote("CPU"),
      quote(f.cpuName),
      quote(""),
    ]); // deno-fmt-ignore
  }
  const hive = 1_000_000_007 * ((seed >>> 0) % 4096 + 1);
  for (let d = 0; d < gpus; d++) {
    const node = CPU_AGENTS + d;
    const simds = hw.multiprocessors * 4;
    rows.push([
      node,
      node,
      quote("GPU"),
      0,
      simds,
      0,
      2_147_487_744 + d * 1024,
      8,
      f.ldsKb,
      0,
      64,
      hw.warpSize,
      8,
      hw.multiprocessors,
      32,
      32,
      1,
      f.cuPerSimdArray,
      4,
      32,
      f.gfxTargetVersion,
      4098,
      f.deviceId,
      pciBus(d) << 8,
      0,
      128 + d,
      2,
      14,
      8,
      24,
      3700,
      f.clockMhz,
      22,
      177,
      746_586_752,
      hw.multiprocessors / 8,
      32,
      148,
      1024,
      4_294_967_295,
      hw.memoryBytes,
      hive,
      40_000 + ((seed * 131 + d * 7919) >>> 0) % 25_000,
      1024,
      1024,
      1024,
      4_294_967_295,
      4_294_967_295,
      4_294_967_295,
      quote(f.gfx),
      quote("AMD"),
      quote(hw.deviceName),
      quote(f.modelName),
    ]); // deno-fmt-ignore
  }
  const header = AGENT_INFO_COLUMNS.map(quote).join(",");
  return [header, ...rows.map((r) => r.join(","))].join("\n") + "\n";
}
