/**
 * Creating the canonical tables (queries/schema.sql) and checking the store's
 * schema version: a store from an older version is migrated, one from a newer
 * tracedeck is refused with a clear message.
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { InputError } from "../cli/errors.ts";
import { readQueryFile } from "./query_files.ts";

/** The schema version this tracedeck writes. */
export const SCHEMA_VERSION = 1;

/** Migrations from version N to N+1, indexed by N. */
const MIGRATIONS: Record<number, string> = {};

/** Create the tables when missing and bring an older store up to date. */
export async function ensureSchema(engine: Engine): Promise<void> {
  const existing = await engine.query<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'store_meta'",
  );
  if (existing[0].n > 0) {
    const rows = await engine.query<{ value: string }>(
      "SELECT value FROM store_meta WHERE key = 'schema_version'",
    );
    let version = rows.length ? Number(rows[0].value) : 0;
    if (version > SCHEMA_VERSION) {
      throw new InputError(
        engine.path,
        `store has schema version ${version}, newer than this tracedeck's ${SCHEMA_VERSION}: upgrade tracedeck or use another --db`,
      );
    }
    while (version < SCHEMA_VERSION) {
      const step = MIGRATIONS[version];
      if (step === undefined) {
        throw new InputError(
          engine.path,
          `store has schema version ${version}, which cannot be migrated`,
        );
      }
      await engine.exec(step);
      version++;
    }
    await engine.exec(await readQueryFile("schema.sql"));
    await setVersion(engine);
    return;
  }
  await engine.exec(await readQueryFile("schema.sql"));
  await setVersion(engine);
}

async function setVersion(engine: Engine) {
  await engine.exec("DELETE FROM store_meta WHERE key = 'schema_version'");
  await engine.query("INSERT INTO store_meta VALUES ('schema_version', ?)", [
    String(SCHEMA_VERSION),
  ]);
}
