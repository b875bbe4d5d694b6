import { checkedMigrationSet } from "./define-migrations.ts";
import { createDoLedgers, runDo } from "./do-ledgers.ts";
import { ledgerInserts, SELECT_APPLIED } from "./ledger-sql.ts";
import { ledgerView } from "./ledger-state.ts";
import { migrationFailed } from "./migration-error.ts";
import type { AppliedMigration, MigrationRef, MigrationSet } from "./types.ts";

/**
 * Applies the pending migrations of `set` to a Durable Object's SQLite storage:
 * built-ins first, then the app's files, each in its own `transactionSync`
 * together with its ledger rows, so a file is either applied and recorded or
 * leaves no trace. Resolves to what this call applied (`[]` when nothing was
 * pending). A failing file is rolled back whole and stops the rest with a
 * `MigrationError`; files applied before it stay applied.
 *
 * Reading the ledgers and applying run in one synchronous stretch, so two
 * calls in the same object cannot interleave.
 *
 * @example
 * ```ts
 * const applied = await applyDoMigrations(ctx.storage, defineMigrations({ app: migrations }));
 * // [{ kind: "builtin", name: "0001_dorm_users.sql" }, { kind: "app", name: "0001_create_notes.sql" }]
 * ```
 */
export async function applyDoMigrations(
  storage: DurableObjectStorage,
  set: MigrationSet,
): Promise<AppliedMigration[]> {
  return (await migrateDo(storage, set)).applied;
}

/**
 * `applyDoMigrations`, also naming the applied files whose text changed
 * since they were applied (`DurableApp` logs them at every start).
 */
export async function migrateDo(
  storage: DurableObjectStorage,
  set: MigrationSet,
): Promise<{ applied: AppliedMigration[]; changed: MigrationRef[] }> {
  const checked = checkedMigrationSet(set);
  const sql = storage.sql;
  createDoLedgers(sql);
  const { pending, changed } = ledgerView(checked, sql.exec(SELECT_APPLIED).toArray());
  const applied: AppliedMigration[] = [];
  for (const { kind, file } of pending) {
    try {
      storage.transactionSync(() => {
        for (const row of ledgerInserts(kind, file.name, file.checksum)) runDo(sql, row.text, row.params);
        for (const statement of file.statements) runDo(sql, statement);
      });
    } catch (error) {
      throw migrationFailed(kind, file.name, error, applied);
    }
    applied.push({ kind, name: file.name });
  }
  return { applied, changed };
}
