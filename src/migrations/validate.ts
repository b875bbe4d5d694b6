import { ConfigError } from "../errors/config-error.ts";
import type { MigrationFile } from "./types.ts";

// wrangler writes `NNNN_message.sql` (number padded to 4 digits). The rest of
// the name is kept to characters that are safe everywhere the name travels:
// wrangler splices it unescaped into `INSERT … values ('<name>')`, and it is a
// file name on every OS.
const NAME = /^(\d{4,})_[A-Za-z0-9][A-Za-z0-9_.-]*\.sql$/;
const CHECKSUM = /^[0-9a-f]{64}$/;
const FIX = "(run npx dorm migrations manifest, or use migration(name, sql))";

/** Whether dorm accepts a migration file's name (`NNNN_name.sql`, the rule above); `dorm migrations new` asks too. */
export function isMigrationFileName(name: string): boolean {
  return NAME.test(name);
}

/**
 * Checks a migration list once, where it is defined, so that applying it never
 * meets a malformed one. Throws `ConfigError` naming `option` when a name is not
 * wrangler's `NNNN_name.sql`, when two files share a number (and so a name), or
 * when the list is not in ascending number order — the order wrangler applies
 * them in, which dorm follows.
 *
 * @example
 * ```ts
 * validateMigrations([migration("0001_create_notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY);")], "migrations.app");
 * validateMigrations([migration("create.sql", "")], "migrations.app");
 * // ConfigError: migrations.app: "create.sql" is not named like NNNN_name.sql …
 * ```
 */
export function validateMigrations(files: readonly MigrationFile[], option: string): void {
  if (!Array.isArray(files)) throw new ConfigError(option, `must be an array of migration files ${FIX}`);
  let previous: { name: string; number: bigint } | undefined;
  for (const [index, file] of files.entries()) {
    // Lists usually come from a generated manifest, but a hand-written one
    // (or a manifest of an older dorm, { name, sql }) reaches here too.
    const name: unknown = (file as MigrationFile | null)?.name;
    const { statements, checksum } = (file ?? {}) as Partial<MigrationFile>;
    if (typeof name !== "string" || !Array.isArray(statements) || !statements.every((s) => typeof s === "string") || !CHECKSUM.test(checksum ?? "")) {
      throw new ConfigError(option, `${typeof name === "string" ? `"${name}"` : `file ${index}`} is not a compiled migration file ${FIX}`);
    }
    const digits = NAME.exec(name)?.[1];
    if (!digits) throw new ConfigError(option, `"${name}" is not named like 0001_name.sql (letters, digits, "_", "." or "-" after the "_")`);
    // BigInt: a 20-digit prefix must not round into equality with another.
    const number = BigInt(digits);
    if (previous && number <= previous.number) {
      throw new ConfigError(option, `"${name}" ${number === previous.number ? "has the same number as" : "comes after"} "${previous.name}": one file per number, in number order`);
    }
    previous = { name, number };
  }
}
