/**
 * Writes PyTorch profiler (Kineto) Chrome-trace JSON, one file per rank as
 * torch.profiler's tensorboard handler names them
 * (`<host>_<pid>.<ms>.pt.trace.json[.gz]`), or the single file given for a
 * one-rank run. Kernels are `cat:"kernel"` events with device, stream,
 * correlation, grid and block (ROCm graph-replayed kernels carry
 * `kind:"Dispatch Task"` and no launch geometry, as roctracer records them);
 * launches are `cuda_runtime`/`cuda_driver` events with the same correlation;
 * each step has a vLLM `user_annotation` and its `gpu_user_annotation` twin.
 *
 * @module
 */
import { basename, join } from "node:path";
import type { DispatchEvent, LaunchEvent, StepEvent, TraceSink } from "./events.ts";
import type { Hardware } from "./hardware.ts";
import type { RankIdentity } from "./ranks.ts";
import type { RunPlan } from "./schedule.ts";
import { TextFile } from "./text_file.ts";

/** ns → µs with exactly three decimals (ns are integers). */
function us(ns: number): string {
  const whole = Math.floor(ns / 1000);
  const frac = ns - whole * 1000;
  return `${whole}.${frac < 10 ? "00" : frac < 100 ? "0" : ""}${frac}`;
}

function deviceProperties(hw: Hardware, count: number): string {
  const props = Array.from({ length: count }, (_, id) => ({
    id,
    name: hw.deviceName,
    totalGlobalMem: hw.memoryBytes,
    computeMajor: hw.computeMajor,
    computeMinor: hw.computeMinor,
    maxThreadsPerBlock: 1024,
    maxThreadsPerMultiprocessor: 2048,
    regsPerBlock: 65536,
    warpSize: hw.warpSize,
    sharedMemPerBlock: hw.sharedMemPerBlock,
    numSms: hw.multiprocessors,
    ...(hw.vendor === "amd" ? { maxSharedMemoryPerMultiProcessor: hw.sharedMemPerBlock } : {
      regsPerMultiprocessor: 65536,
      sharedMemPerBlockOptin: 232448,
      sharedMemPerMultiprocessor: 233472,
    }),
  }));
  return JSON.stringify(props);
}

interface RankFile {
  file: TextFile;
  id: RankIdentity;
  first: boolean;
  externalId: number;
  /** `"pid":<host pid>,"tid":<host pid>` */
  host: string;
  /** `"pid":<device>,"tid":<stream>` */
  gpu: string;
  /** Kernel args prefix: `"device":d,"stream":s,` */
  gpuArgs: string;
}

/** Where rank files go: the given file for one rank, else `<host>_<pid>.<ms>.pt.trace.json`. */
export function kinetoPaths(
  out: string,
  ranks: RankIdentity[],
  gzip: boolean,
  seed: number,
): string[] {
  if (ranks.length === 1 && /\.json(\.gz)?$/.test(out)) {
    return [gzip && !out.endsWith(".gz") ? `${out}.gz` : out];
  }
  const ms = 1_767_000_000_000 + ((seed >>> 0) % 100_000) * 1_000;
  return ranks.map((r) =>
    join(out, `${r.host}_${r.pid}.${ms + r.rank * 7}.pt.trace.json${gzip ? ".gz" : ""}`)
  );
}

/** Open the Kineto writer for `run`, one file per rank. */
export async function openKineto(
  run: RunPlan,
  ranks: RankIdentity[],
  out: string,
  seed: number,
  gzip: boolean,
): Promise<TraceSink> {
  const hw = run.hw;
  const paths = kinetoPaths(out, ranks, gzip, seed);
  const devices = deviceProperties(hw, Math.max(8, ranks.length));
  const files: RankFile[] = [];
  for (const id of ranks) {
    const path = paths[id.rank];
    const file = await TextFile.create(path, { gzip: path.endsWith(".gz") });
    const traceId =
      (Math.imul(seed, 0x9e3779b1) >>> 0).toString(16).toUpperCase().padStart(24, "0") +
      id.rank.toString(16).toUpperCase().padStart(8, "0");
    file.write(
      `{"schemaVersion":1,"deviceProperties":${devices},` +
        `"distributedInfo":{"backend":"nccl","rank":${id.rank},"world_size":${ranks.length}},` +
        `"record_shapes":0,"profile_memory":0,"with_stack":0,"trace_id":"${traceId}",` +
        `"displayTimeUnit":"ms","baseTimeNanoseconds":1767000000000000000,"traceEvents":[\n`,
    );
    files.push({
      file,
      id,
      first: true,
      externalId: 1,
      host: `"pid":${id.pid},"tid":${id.pid}`,
      gpu: `"pid":${id.device},"tid":${hw.kinetoStream}`,
      gpuArgs: `"device":${id.device},"stream":${hw.kinetoStream},`,
    });
  }
  const names = run.palette.kernels.map((k) => JSON.stringify(k.name));
  const amd = hw.vendor === "amd";
  const emit = (f: RankFile, event: string) => {
    f.file.write(f.first ? event : `,\n${event}`);
    f.first = false;
  };
  return {
    launch(e: LaunchEvent) {
      const f = files[e.rank];
      const cb = e.api.callbackId ? `"${e.api.callbackId[0]}":${e.api.callbackId[1]},` : "";
      const k = e.slot?.kernel;
      const launched = amd && k
        ? `,"kernel":${
          names[k.index]
        },"grid":[${e.grid},1,1],"block":[${k.block},1,1],"shared memory":${k.lds}`
        : "";
      emit(
        f,
        `{"ph":"X","cat":"${e.api.kinetoCategory}","name":"${e.api.name}",${f.host},` +
          `"ts":${us(e.start)},"dur":${us(e.end - e.start)},` +
          `"args":{${cb}"correlation":${e.correlation}${launched}}}`,
      );
    },
    dispatch(e: DispatchEvent) {
      const f = files[e.rank];
      const k = e.slot.kernel;
      const geometry = `"grid":[${e.grid},1,1],"block":[${k.block},1,1]`;
      const args = amd
        ? e.slot.graph ? `"kind":"Dispatch Task"` : `"kind":"Dispatch Kernel",${geometry}`
        : `"registers per thread":${k.vgpr},"shared memory":${k.lds},${geometry}`;
      emit(
        f,
        `{"ph":"X","cat":"kernel","name":${names[k.index]},${f.gpu},"ts":${us(e.start)},` +
          `"dur":${
            us(e.end - e.start)
          },"args":{${f.gpuArgs}"correlation":${e.correlation},${args}}}`,
      );
    },
    step(e: StepEvent) {
      const f = files[e.rank];
      const name = JSON.stringify(e.name);
      const ext = f.externalId++;
      emit(
        f,
        `{"ph":"X","cat":"user_annotation","name":${name},${f.host},"ts":${us(e.cpuStart)},` +
          `"dur":${us(e.cpuEnd - e.cpuStart)},` +
          `"args":{"External id":${ext},"Record function id":0,"Ev Idx":${e.step.index}}}`,
      );
      emit(
        f,
        `{"ph":"X","cat":"gpu_user_annotation","name":${name},${f.gpu},"ts":${us(e.gpuStart)},` +
          `"dur":${us(e.gpuEnd - e.gpuStart)},"args":{"External id":${ext}}}`,
      );
    },
    async flush() {
      for (const f of files) await f.file.flushIfFull();
    },
    async close() {
      for (const f of files) {
        emit(
          f,
          `{"name":"process_name","ph":"M","pid":${f.id.pid},"tid":0,"args":{"name":"python3"}}`,
        );
        emit(
          f,
          `{"name":"process_name","ph":"M","pid":${f.id.device},"tid":0,"args":{"name":"GPU ${f.id.device}"}}`,
        );
        f.file.write(`\n],"traceName":${JSON.stringify(basename(f.file.path))}}\n`);
        await f.file.close();
      }
      return files.map((f) => f.file.path);
    },
  };
}
