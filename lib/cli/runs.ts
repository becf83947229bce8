/**
 * `deno task runs`: list the runs in the store with their key facts.
 *
 * @module
 */
import { parseCommand, storePath } from "./args.ts";
import { runCommand } from "./main.ts";
import { formatRows, outputMode } from "./output.ts";
import { openStore } from "../store/open.ts";
import { LIST_RUNS_SQL } from "../store/runs.ts";

const HELP = `Usage: deno task runs [--db PATH] [--json | --csv]

List runs: id, label, source format, device and arch, ranks, counts of kernel
dispatches, copies and markers, captured time span.
`;

if (import.meta.main) {
  runCommand(async () => {
    const { values } = parseCommand(Deno.args, {});
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const engine = await openStore({ path: storePath(values.db), engine: values.engine });
    try {
      console.log(formatRows(await engine.query(LIST_RUNS_SQL), outputMode(values)));
    } finally {
      await engine.close();
    }
  });
}
