import { checkedMigrationSet } from "./define-migrations.ts";
import { readDoLedgers } from "./do-ledgers.ts";
import { migrationStatus } from "./ledger-state.ts";
import type { MigrationSet, MigrationStatus } from "./types.ts";

/**
 * Which files of `set` a Durable Object has applied (with time and checksum
 * status: `ok`, `changed` when the file was edited after it was applied,
 * `unknown` when applied without dorm, e.g. by wrangler), which are pending,
 * and which ledger entries have no file any more (`missing`). Read-only: it
 * creates no ledger table.
 *
 * @example
 * ```ts
 * const { applied, pending, missing } = await doMigrationStatus(ctx.storage, set);
 * if (applied.some((m) => m.checksum === "changed")) console.warn("an applied migration was edited");
 * ```
 */
export async function doMigrationStatus(
  storage: DurableObjectStorage,
  set: MigrationSet,
): Promise<MigrationStatus> {
  const checked = checkedMigrationSet(set);
  return migrationStatus(checked, readDoLedgers(storage.sql));
}
