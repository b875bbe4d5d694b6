import {
  CREATE_DORM_LEDGER,
  CREATE_WRANGLER_LEDGER,
  SELECT_DORM_ROWS,
  SELECT_LEDGER_TABLES,
  SELECT_WRANGLER_ROWS,
} from "./ledger-sql.ts";
import { ledgersFromRows } from "./ledger-rows.ts";
import type { Ledgers } from "./ledger-state.ts";

/** Creates both ledgers when absent. */
export async function createD1Ledgers(db: D1Database): Promise<void> {
  await db.batch([db.prepare(CREATE_WRANGLER_LEDGER), db.prepare(CREATE_DORM_LEDGER)]);
}

/** Both ledgers; a ledger that does not exist yet reads as empty (nothing is created). */
export async function readD1Ledgers(db: D1Database): Promise<Ledgers> {
  const { results: tables } = await db.prepare(SELECT_LEDGER_TABLES).all<{ name: string }>();
  const names = new Set(tables.map((row) => row.name));
  // One batch: both ledgers from the same snapshot.
  const reads = [
    ...(names.has("d1_migrations") ? [db.prepare(SELECT_WRANGLER_ROWS)] : []),
    ...(names.has("_dorm_migrations") ? [db.prepare(SELECT_DORM_ROWS)] : []),
  ];
  const results = reads.length > 0 ? await db.batch<Record<string, unknown>>(reads) : [];
  const wrangler = names.has("d1_migrations") ? (results.shift()?.results ?? []) : [];
  const dorm = names.has("_dorm_migrations") ? (results.shift()?.results ?? []) : [];
  return ledgersFromRows(wrangler, dorm);
}
