/**
 * Writing report files all or nothing: every output goes to a temporary file
 * beside its target first and is renamed into place only when all were
 * written.
 *
 * @module
 */
import { dirname } from "node:path";

/** Write `files` (path → text); on any failure none of the targets is touched. */
export async function writeAllOrNothing(files: Record<string, string>): Promise<void> {
  const temps: [string, string][] = [];
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
      await Deno.writeTextFile(tmp, text);
      temps.push([tmp, path]);
    }
    for (const [tmp, path] of temps) await Deno.rename(tmp, path);
  } catch (e) {
    for (const [tmp] of temps) await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}
