import { ConfigError } from "../errors/config-error.ts";
import { migrationChecksum } from "./checksum.ts";
import { migrationStatements } from "./migration-statements.ts";
import type { MigrationFile } from "./types.ts";

/** Why a file without statements is not a migration yet. */
export const EMPTY = "has no SQL statements yet: it is applied once it holds some (a manifest leaves it out until then)";

/**
 * One migration file as dorm runs it: its statements (split as SQLite splits
 * them, one `BEGIN … COMMIT` pair around the whole file dropped) and the
 * checksum of its text. `dorm migrations manifest` writes exactly this for
 * each `.sql` file into the manifest; call it yourself to define migrations in
 * code. A file that controls transactions otherwise (ROLLBACK, SAVEPOINT, an
 * unpaired BEGIN or COMMIT) is refused here, before anything runs:
 * `ConfigError` naming the file; so is a file with no statements.
 *
 * @example
 * ```ts
 * import { migration } from "dorm/migrations";
 * const migrations = [migration("0001_items.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT);")];
 * ```
 */
export function migration(name: string, sql: string): MigrationFile {
  if (typeof name !== "string") throw new ConfigError("migration", "the name must be a string like 0001_create_notes.sql");
  if (typeof sql !== "string") throw new ConfigError(name, "the SQL text must be a string");
  let statements: string[];
  try {
    statements = migrationStatements(sql);
  } catch (error) {
    throw new ConfigError(name, error instanceof Error ? error.message : String(error), { cause: error });
  }
  // An empty file is one still being written (`dorm migrations new` makes it
  // empty): applying it would record it as done before it holds its SQL.
  if (statements.length === 0) throw new ConfigError(name, EMPTY);
  return Object.freeze({ name, checksum: migrationChecksum(sql), statements: Object.freeze(statements) });
}
