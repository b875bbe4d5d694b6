import type { Database } from "../db/types.ts";
import type { DatabaseStats, TableStats } from "../app/admin-types.ts";

/** dorm's migration ledgers, reported apart from the app's tables. */
export const LEDGER_TABLES: readonly string[] = ["d1_migrations", "_dorm_migrations"];

/**
 * Every table of the database with its row count, and the database's size in
 * bytes (`size` asks the engine; `null` when it cannot say). Skips the
 * runtime's tables: `_cf_…` (workerd's and D1's own, which D1 refuses to
 * read), `sqlite_…`, and `__miniflare_…` (local dev's record of object
 * names). Counting reads every row of every table, which costs rows read on
 * a large database. The counts run in one batch, so they are one
 * consistent snapshot.
 *
 * @example
 * ```ts
 * const { tables, ledgers, databaseSize } = await databaseStats(db, () => ctx.storage.sql.databaseSize);
 * ```
 */
export async function databaseStats(
  db: Database,
  size: () => number | null | Promise<number | null>,
): Promise<DatabaseStats> {
  const names = await db.all<{ name: string }>(
    "select name from sqlite_master where type = 'table'" +
      " and name not like 'sqlite\\_%' escape '\\' and name not like '\\_cf\\_%' escape '\\'" +
      " and name not like '\\_\\_miniflare\\_%' escape '\\' order by name",
  );
  const counts = await db.batch<{ rows: number }>(
    names.map(({ name }) => ({ text: `select count(*) as rows from ${quoteIdentifier(name)}`, params: [] })),
  );
  const all: TableStats[] = names.map(({ name }, i) => ({ name, rows: Number(counts[i]?.rows[0]?.rows ?? 0) }));
  return {
    tables: all.filter((table) => !LEDGER_TABLES.includes(table.name)),
    ledgers: all.filter((table) => LEDGER_TABLES.includes(table.name)),
    databaseSize: await size(),
  };
}

/** An SQL identifier in double quotes, inner quotes doubled. */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
