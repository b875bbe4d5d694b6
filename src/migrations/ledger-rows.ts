import type { Ledgers } from "./ledger-state.ts";
import { isoTimestamp } from "./timestamps.ts";

type Row = Record<string, unknown>;

/**
 * `Ledgers` from the raw rows of `SELECT_WRANGLER_ROWS` and `SELECT_DORM_ROWS`,
 * whichever engine returned them. Rows of an unknown kind (written by hand)
 * are left out rather than guessed at.
 */
export function ledgersFromRows(wrangler: readonly Row[], dorm: readonly Row[]): Ledgers {
  return {
    wrangler: wrangler.map((row) => ({ name: String(row.name), appliedAt: isoTimestamp(row.applied_at) })),
    dorm: dorm.flatMap((row) =>
      row.kind === "app" || row.kind === "builtin"
        ? [{ kind: row.kind, name: String(row.name), checksum: String(row.checksum), appliedAt: isoTimestamp(row.applied_at) }]
        : [],
    ),
  };
}
