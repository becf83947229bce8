/**
 * `deno task triage <server.log...>`: find JIT build failures, fallbacks,
 * unsupported-architecture messages, OOM and preemption, NCCL/RCCL errors in
 * server logs, with counts and the first occurrence of each.
 *
 * @module
 */
import { parseCommand } from "./args.ts";
import { UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";
import { formatRows, outputMode } from "./output.ts";
import { DEFAULT_PATTERNS, loadPatterns, type Severity } from "../triage/patterns.ts";
import { triageLog } from "../triage/scan.ts";

const HELP =
  `Usage: deno task triage <server.log...> [--patterns FILE] [--min-severity S] [--json | --csv]

Triage serving logs (vLLM, SGLang, ATOM; gzip'd logs too): one row per log and
finding with its kind, severity, count and first occurrence (line number and
text). Kinds: jit_build_failure, jit_build, unsupported_arch, fallback,
preemption, oom, nccl_error. A line belongs to the first pattern that matches
it; Ray's '[repeated Nx across cluster]' lines count N.

Options:
  --patterns FILE     pattern TSV to use (default ${DEFAULT_PATTERNS})
  --min-severity S    error | warning | info (default info: show everything)
  --json | --csv      machine-readable output
`;

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

if (import.meta.main) {
  runCommand(async () => {
    const { values, positionals } = parseCommand(Deno.args, {
      patterns: { type: "string" },
      "min-severity": { type: "string" },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (!positionals.length) {
      throw new UsageError("triage needs at least one log file (see --help)");
    }
    const min = (values["min-severity"] ?? "info") as Severity;
    if (!(min in RANK)) {
      throw new UsageError(`--min-severity must be error, warning or info, not '${min}'`);
    }
    const patterns = await loadPatterns(values.patterns as string | undefined);
    const rows = [];
    for (const path of positionals) {
      for (const f of await triageLog(path, patterns)) {
        if (RANK[f.severity] <= RANK[min]) rows.push({ ...f });
      }
    }
    console.log(formatRows(rows, outputMode(values), [
      "source_file",
      "kind",
      "finding",
      "severity",
      "count",
      "first_line",
      "first_text",
    ]));
  });
}
