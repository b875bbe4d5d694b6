/**
 * One migration file in wrangler's `NNNN_name.sql` format, compiled: the
 * generated manifest holds one per `.sql` file (`dorm migrations manifest`),
 * and `migration(name, sql)` builds one in code.
 */
export interface MigrationFile {
  /** The file name exactly as wrangler records it in `d1_migrations` (with `.sql`). */
  readonly name: string;
  /** SHA-256 (hex) of the file's text, CRLF read as LF: recorded when applied, to report a later edit. */
  readonly checksum: string;
  /** The file's statements, run in order in one transaction with the file's ledger rows. */
  readonly statements: readonly string[];
}

/** Whose migration: the app's (also in wrangler's `d1_migrations`) or dorm's own. */
export type MigrationKind = "app" | "builtin";

/**
 * The validated migrations of one app: dorm's built-ins (applied first) and the
 * app's files, each list in application order. Build it with `defineMigrations`.
 */
export interface MigrationSet {
  readonly app: readonly MigrationFile[];
  readonly builtin: readonly MigrationFile[];
}

/** A migration file named by its kind and file name. */
export interface MigrationRef {
  readonly kind: MigrationKind;
  readonly name: string;
}

/** A file that `applyDoMigrations`/`applyD1Migrations` applied in that call. */
export type AppliedMigration = MigrationRef;

/** A file of the set that no ledger records yet. */
export type PendingMigration = MigrationRef;

/**
 * How an applied file compares with the SHA-256 dorm recorded when it applied
 * it: `ok` same text (line endings aside), `changed` edited since, `unknown`
 * applied by someone else (e.g. `wrangler d1 migrations apply`), so no checksum.
 */
export type ChecksumStatus = "ok" | "changed" | "unknown";

/** An applied file of the set. `appliedAt` is ISO-8601 UTC text. */
export interface AppliedMigrationStatus {
  readonly kind: MigrationKind;
  readonly name: string;
  readonly appliedAt: string;
  readonly checksum: ChecksumStatus;
}

/** A ledger entry whose file is no longer in the set (deleted or renamed). */
export interface MissingMigration {
  readonly kind: MigrationKind;
  readonly name: string;
  readonly appliedAt: string;
}

/**
 * What `doMigrationStatus`/`d1MigrationStatus` report. `applied` and `pending`
 * follow application order (built-ins first); `missing` follows ledger order.
 */
export interface MigrationStatus {
  readonly applied: readonly AppliedMigrationStatus[];
  readonly pending: readonly PendingMigration[];
  readonly missing: readonly MissingMigration[];
}
