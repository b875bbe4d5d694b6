// dorm/migrations: apply and inspect wrangler-format migrations yourself, on a
// Durable Object's storage or a D1 database (DurableApp and D1 mode do it for you).
export { defineMigrations } from "./define-migrations.ts";
export { migration } from "./compile.ts";
export { applyDoMigrations } from "./do-apply.ts";
export { doMigrationStatus } from "./do-status.ts";
export { applyD1Migrations } from "./d1-apply.ts";
export { d1MigrationStatus } from "./d1-status.ts";
export { MigrationError } from "./migration-error.ts";
export { splitStatements } from "./split-statements.ts";
export { migrationChecksum } from "./checksum.ts";

export type { MigrationFile, MigrationKind, MigrationSet, MigrationRef } from "./types.ts";
export type { AppliedMigration, PendingMigration, MissingMigration } from "./types.ts";
export type { AppliedMigrationStatus, ChecksumStatus, MigrationStatus } from "./types.ts";
