import { validateMigrations } from "./validate.ts";
import type { MigrationFile, MigrationSet } from "./types.ts";

// Sets that passed validation. Applying accepts any MigrationSet, but checks
// one it has not seen, so a hand-built object cannot skip validation.
const validated = new WeakSet<MigrationSet>();

/**
 * Builds the migration set of an app, validating it once here (names,
 * duplicates, order; see `validateMigrations`) and freezing a copy, so
 * applying never meets a malformed list. `builtin` are the migrations of
 * dorm's features the app uses (Access brings the users table), applied
 * first and recorded only in dorm's own ledger; `defineApp` collects them.
 *
 * @example
 * ```ts
 * import { migrations } from "../migrations/manifest.ts"; // generated from the .sql files
 * const set = defineMigrations({ app: migrations });
 * await applyDoMigrations(ctx.storage, set);
 * ```
 */
export function defineMigrations(options: {
  app: readonly MigrationFile[];
  builtin?: readonly MigrationFile[];
}): MigrationSet {
  const app = options.app;
  const builtin = options.builtin ?? [];
  validateMigrations(app, "migrations.app");
  validateMigrations(builtin, "migrations.builtin");
  const set: MigrationSet = Object.freeze({ app: frozenCopy(app), builtin: frozenCopy(builtin) });
  validated.add(set);
  return set;
}

/** `set` itself when `defineMigrations` built it, else a validated copy (throws `ConfigError`). */
export function checkedMigrationSet(set: MigrationSet): MigrationSet {
  if (validated.has(set)) return set;
  return defineMigrations({ app: set.app, builtin: set.builtin });
}

// Frozen copies: the list was validated, and no one may change it after.
function frozenCopy(files: readonly MigrationFile[]): readonly MigrationFile[] {
  return Object.freeze(files.map(({ name, checksum, statements }) => Object.freeze({ name, checksum, statements: Object.freeze([...statements]) })));
}
