import { openStore } from "../lib/store/open.ts";
const e = await openStore({ path: Deno.args[0] });
for (const q of Deno.args.slice(1)) console.table(await e.query(q));
await e.close();
