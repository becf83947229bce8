/**
 * The registry of input formats, in sniffing order (most specific first).
 * Add a format by writing `lib/ingest/<format>.ts` and listing it here.
 *
 * @module
 */
import type { TraceFormat } from "./format.ts";
import { kineto } from "./kineto.ts";
import { nsys } from "./nsys.ts";
import { rocpd } from "./rocpd.ts";
import { rocprofCsv } from "./rocprof_csv.ts";
import { rocprofv3Csv } from "./rocprofv3_csv.ts";
import { rocprofv3Json } from "./rocprofv3_json.ts";
import { rpd } from "./rpd.ts";

/** Every supported trace format. */
export const FORMATS: readonly TraceFormat[] = [
  rocprofv3Json,
  kineto,
  rpd,
  rocpd,
  nsys,
  rocprofv3Csv,
  rocprofCsv,
];

/** One line per format, for help and "unknown format" errors. */
export function formatList(): string {
  return FORMATS.map((f) => f.id).join(", ");
}
