import {
  CREATE_DORM_LEDGER,
  CREATE_WRANGLER_LEDGER,
  SELECT_DORM_ROWS,
  SELECT_LEDGER_TABLES,
  SELECT_WRANGLER_ROWS,
} from "./ledger-sql.ts";
import { ledgersFromRows } from "./ledger-rows.ts";
import type { Ledgers } from "./ledger-state.ts";

/** Runs one statement to completion and discards its rows. */
export function runDo(sql: SqlStorage, text: string, params: readonly unknown[] = []): void {
  // Drain the cursor: an unconsumed one keeps its statement open, and the
  // commit then fails with "SQL statements in progress" (measured in workerd).
  const cursor = sql.exec(text, ...params);
  while (!cursor.next().done);
}

/** Creates both ledgers when absent. */
export function createDoLedgers(sql: SqlStorage): void {
  runDo(sql, CREATE_WRANGLER_LEDGER);
  runDo(sql, CREATE_DORM_LEDGER);
}

/** Both ledgers; a ledger that does not exist yet reads as empty (nothing is created). */
export function readDoLedgers(sql: SqlStorage): Ledgers {
  const tables = new Set(sql.exec(SELECT_LEDGER_TABLES).toArray().map((row) => row.name));
  return ledgersFromRows(
    tables.has("d1_migrations") ? sql.exec(SELECT_WRANGLER_ROWS).toArray() : [],
    tables.has("_dorm_migrations") ? sql.exec(SELECT_DORM_ROWS).toArray() : [],
  );
}
