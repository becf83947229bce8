/**
 * The contract between the ingest orchestrator and one format module
 * (`lib/ingest/<format>.ts`).
 *
 * @module
 */
import type { InputFile } from "./source.ts";
import type { RunWriter } from "./writer.ts";

/** One supported input format. */
export interface TraceFormat {
  /** Stable id, used by `--format` and stored as runs.source_format. */
  id: string;
  /** Human name for help and error messages. */
  title: string;
  /**
   * Whether this file belongs to the format, judged by content (its first
   * bytes, decompressed) and, only to break ties, by its name.
   */
  sniff(file: InputFile): boolean;
  /**
   * Stream every file of this format into the writer as one run. Files from a
   * folder of per-rank outputs arrive together; use `writer.rank(key)` to
   * number ranks. Throw {@link InputError} for bad input.
   */
  ingest(files: InputFile[], writer: RunWriter): Promise<void>;
}
