/**
 * The contract between the benchmark loader and one result-file family
 * (`lib/bench/<variant>.ts`).
 *
 * @module
 */
import type { InputFile } from "../ingest/source.ts";
import type { ResultContext } from "./record.ts";
import type { BenchResult } from "./result.ts";

/** One family of benchmark result files. */
export interface BenchVariant {
  /** Stable id, stored as bench_results.variant. */
  id: string;
  /** Human name for messages. */
  title: string;
  /** Whether the file belongs to this family, judged from its first bytes (decompressed text). */
  sniff(head: string, file: InputFile): boolean;
  /** Every result of the file, normalised. Throw InputError for bad input. */
  load(file: InputFile, ctx: ResultContext): Promise<BenchResult[]>;
}
