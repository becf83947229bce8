/**
 * The registry of input formats, in sniffing order (most specific first).
 * Add a format by writing `lib/ingest/<format>.ts` and listing it here.
 *
 * @module
 */
import type { TraceFormat } from "./format.ts";
import { kineto } from "./kineto.ts";

/** Every supported trace format. */
export const FORMATS: readonly TraceFormat[] = [kineto];

/** One line per format, for help and "unknown format" errors. */
export function formatList(): string {
  return FORMATS.map((f) => f.id).join(", ");
}
