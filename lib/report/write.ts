/**
 * Writing report files all or nothing: every output goes to a temporary file
 * beside its target first; only when all were written are they renamed into
 * place, and a failed rename puts back what was there before. A failure
 * therefore leaves either the old set of files or none, never a mix.
 *
 * @module
 */
import { dirname } from "node:path";

async function existingKind(path: string): Promise<"file" | "other" | null> {
  try {
    return (await Deno.lstat(path)).isFile ? "file" : "other";
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/**
 * Write `files` (path → text). On any failure no target is left changed:
 * new files are removed again and replaced files restored.
 */
export async function writeAllOrNothing(files: Record<string, string>): Promise<void> {
  const targets = Object.keys(files);
  for (const path of targets) {
    if ((await existingKind(path)) === "other") throw new Error(`${path} exists and is not a file`);
  }
  const tag = crypto.randomUUID().slice(0, 8);
  const temps: string[] = [];
  const backups: [string, string][] = [];
  const placed: string[] = [];
  try {
    for (const path of targets) {
      await Deno.mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.tmp-${tag}`;
      temps.push(tmp);
      await Deno.writeTextFile(tmp, files[path]);
    }
    for (const path of targets) {
      if (await existingKind(path)) {
        const bak = `${path}.bak-${tag}`;
        await Deno.rename(path, bak);
        backups.push([bak, path]);
      }
      await Deno.rename(`${path}.tmp-${tag}`, path);
      placed.push(path);
    }
  } catch (e) {
    for (const path of placed) await Deno.remove(path).catch(() => {});
    for (const [bak, path] of backups) await Deno.rename(bak, path).catch(() => {});
    for (const tmp of temps) await Deno.remove(tmp).catch(() => {});
    throw e;
  }
  for (const [bak] of backups) await Deno.remove(bak).catch(() => {});
}
