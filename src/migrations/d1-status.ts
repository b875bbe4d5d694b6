import { readD1Ledgers } from "./d1-ledgers.ts";
import { checkedMigrationSet } from "./define-migrations.ts";
import { migrationStatus } from "./ledger-state.ts";
import type { MigrationSet, MigrationStatus } from "./types.ts";

/**
 * `doMigrationStatus` for a D1 database: applied files with time and checksum
 * status, pending files, and ledger entries whose file is gone. Read-only.
 *
 * @example
 * ```ts
 * const { pending } = await d1MigrationStatus(env.DB, set);
 * if (pending.length > 0) console.log("run `wrangler d1 migrations apply` or `dorm migrate`");
 * ```
 */
export async function d1MigrationStatus(db: D1Database, set: MigrationSet): Promise<MigrationStatus> {
  const checked = checkedMigrationSet(set);
  return migrationStatus(checked, await readD1Ledgers(db));
}
