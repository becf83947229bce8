import { openStore } from "../lib/store/open.ts";
import { ingestPath } from "../lib/ingest/mod.ts";
const e = await openStore({ path: ":memory:" });
const r = await ingestPath(e, Deno.args[0]);
console.log(r);
for (const q of Deno.args.slice(1)) console.table(await e.query(q));
await e.close();
