/**
 * Locating and reading the SQL files in `queries/`, relative to the project
 * root whatever the current directory is.
 *
 * @module
 */
import { fileURLToPath as fromFileUrl } from "node:url";

/** Absolute path of the project's `queries/` folder. */
export const QUERIES_DIR: string = fromFileUrl(new URL("../../queries/", import.meta.url));

/** Read `queries/<rel>` as text. */
export function readQueryFile(rel: string): Promise<string> {
  return Deno.readTextFile(QUERIES_DIR + rel);
}
