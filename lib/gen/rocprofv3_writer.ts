/**
 * Writes rocprofv3 CSV output as `rocprofv3 --kernel-trace --marker-trace -f
 * csv` leaves it: per rank process `<out>/<host>/<pid>_kernel_trace.csv` (the
 * current header, with Stream_Id and register counts),
 * `<pid>_marker_api_trace.csv` (one roctx range per step) and
 * `<pid>_agent_info.csv`.
 *
 * @module
 */
import { join } from "node:path";
import type { DispatchEvent, StepEvent, TraceSink } from "./events.ts";
import type { RankIdentity } from "./ranks.ts";
import { agentInfoCsv, CPU_AGENTS } from "./rocprofv3_agents.ts";
import type { RunPlan } from "./schedule.ts";
import { TextFile } from "./text_file.ts";

/** The current kernel_trace.csv header. */
export const KERNEL_TRACE_COLUMNS = [
  "Kind",
  "Agent_Id",
  "Queue_Id",
  "Stream_Id",
  "Thread_Id",
  "Dispatch_Id",
  "Kernel_Id",
  "Kernel_Name",
  "Correlation_Id",
  "Start_Timestamp",
  "End_Timestamp",
  "LDS_Block_Size",
  "Scratch_Size",
  "VGPR_Count",
  "Accum_VGPR_Count",
  "SGPR_Count",
  "Workgroup_Size_X",
  "Workgroup_Size_Y",
  "Workgroup_Size_Z",
  "Grid_Size_X",
  "Grid_Size_Y",
  "Grid_Size_Z",
] as const; // deno-fmt-ignore

/** The marker_api_trace.csv header. */
export const MARKER_TRACE_COLUMNS = [
  "Domain", "Function", "Process_Id", "Thread_Id", "Correlation_Id", "Start_Timestamp",
  "End_Timestamp",
] as const; // deno-fmt-ignore

/** HSA queue and HIP stream every kernel runs on. */
const QUEUE_ID = 1;
const STREAM_ID = 1;

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function header(cols: readonly string[]): string {
  return cols.map(quote).join(",") + "\n";
}

interface RankFiles {
  kernels: TextFile;
  markers: TextFile;
  /** Row prefix up to Dispatch_Id. */
  prefix: string;
  pid: number;
  dispatchId: number;
}

/** Open the rocprofv3 writer for `run` under the folder `out`. */
export async function openRocprofv3(
  run: RunPlan,
  ranks: RankIdentity[],
  out: string,
  seed: number,
): Promise<TraceSink> {
  const files: RankFiles[] = [];
  const written: string[] = [];
  const agents = agentInfoCsv(run.hw, Math.max(8, ranks.length), seed);
  for (const id of ranks) {
    const dir = join(out, id.host);
    const info = await TextFile.create(join(dir, `${id.pid}_agent_info.csv`));
    info.write(agents);
    await info.close();
    const kernels = await TextFile.create(join(dir, `${id.pid}_kernel_trace.csv`));
    kernels.write(header(KERNEL_TRACE_COLUMNS));
    const markers = await TextFile.create(join(dir, `${id.pid}_marker_api_trace.csv`));
    markers.write(header(MARKER_TRACE_COLUMNS));
    written.push(info.path, kernels.path, markers.path);
    files.push({
      kernels,
      markers,
      prefix: `"KERNEL_DISPATCH","Agent ${
        CPU_AGENTS + id.device
      }",${QUEUE_ID},${STREAM_ID},${id.pid},`,
      pid: id.pid,
      dispatchId: 0,
    });
  }
  const middle = run.palette.kernels.map((k) => `,${k.index + 1},${quote(k.name)},`);
  const tail = run.palette.kernels.map((k) =>
    `,${k.lds},${k.scratch},${k.vgpr},${k.agpr},${k.sgpr},${k.block},1,1,`
  );
  return {
    launch() {},
    dispatch(e: DispatchEvent) {
      const f = files[e.rank];
      const k = e.slot.kernel;
      f.kernels.write(
        `${f.prefix}${++f.dispatchId}${middle[k.index]}${e.correlation},${e.start},${e.end}` +
          `${tail[k.index]}${e.grid * k.block},1,1\n`,
      );
    },
    step(e: StepEvent) {
      const f = files[e.rank];
      f.markers.write(
        `"MARKER_CORE_RANGE_API",${quote(e.name)},${f.pid},${f.pid},${e.correlation},` +
          `${e.cpuStart},${e.cpuEnd}\n`,
      );
    },
    async flush() {
      for (const f of files) {
        await f.kernels.flushIfFull();
        await f.markers.flushIfFull();
      }
    },
    async close() {
      for (const f of files) {
        await f.kernels.close();
        await f.markers.close();
      }
      return written;
    },
  };
}
