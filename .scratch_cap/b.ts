import { openStore } from "../lib/store/open.ts";
import { loadBenchmarks } from "../lib/bench/load.ts";
const e = await openStore({ path: ":memory:" });
const r = await loadBenchmarks(e, [Deno.args[0]]);
console.log(r);
console.table(await e.query("select source_file, tp, isl, osl, concurrency, num_prompts, ignore_eos from bench_results"));
await e.close();
