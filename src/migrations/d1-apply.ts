import { createD1Ledgers } from "./d1-ledgers.ts";
import { checkedMigrationSet } from "./define-migrations.ts";
import { ledgerInserts, SELECT_APPLIED } from "./ledger-sql.ts";
import { ledgerView } from "./ledger-state.ts";
import { migrationFailed } from "./migration-error.ts";
import type { AppliedMigration, MigrationKind, MigrationSet } from "./types.ts";

/**
 * Applies the pending migrations of `set` to a D1 database, with the same
 * semantics as `applyDoMigrations`: built-ins first, each file atomic with its
 * ledger rows (one `db.batch` of its statements and the ledger inserts), a
 * failure rolled back whole and reported as `MigrationError`, nothing to do
 * on a second run. App files that `wrangler d1 migrations apply` already
 * applied are in `d1_migrations` and are not run again; dorm records no
 * checksum for them (status `unknown`) rather than vouch for a text it did
 * not apply.
 *
 * Safe against a concurrent run (another isolate, or wrangler): the ledger
 * rows go first in each batch, so the second writer's batch fails on the
 * ledger's unique key before the file runs, and a file found recorded after
 * its batch failed counts as applied by the other writer (not in the result).
 *
 * @example
 * ```ts
 * const applied = await applyD1Migrations(env.DB, defineMigrations({ app: migrations }));
 * ```
 */
export async function applyD1Migrations(db: D1Database, set: MigrationSet): Promise<AppliedMigration[]> {
  const checked = checkedMigrationSet(set);
  await createD1Ledgers(db);
  const applied: AppliedMigration[] = [];
  for (const { kind, file } of ledgerView(checked, await appliedRows(db)).pending) {
    const batch = [
      ...ledgerInserts(kind, file.name, file.checksum).map((row) => db.prepare(row.text).bind(...row.params)),
      ...file.statements.map((statement) => db.prepare(statement)),
    ];
    try {
      await db.batch(batch);
    } catch (error) {
      if (await isRecorded(db, kind, file.name)) continue;
      throw migrationFailed(kind, file.name, error, applied);
    }
    applied.push({ kind, name: file.name });
  }
  return applied;
}

async function appliedRows(db: D1Database): Promise<Record<string, unknown>[]> {
  return (await db.prepare(SELECT_APPLIED).all<Record<string, unknown>>()).results;
}

async function isRecorded(db: D1Database, kind: MigrationKind, name: string): Promise<boolean> {
  return (await appliedRows(db)).some((row) => row.kind === kind && row.name === name);
}
