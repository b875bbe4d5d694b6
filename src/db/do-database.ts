import { classifyError } from "./classify-error.ts";
import { prepare } from "./prepare.ts";
import type { Prepared } from "./prepare.ts";
import { batchCounts } from "./batch-options.ts";
import type { BatchOptions } from "./batch-options.ts";
import type { BatchResult, BatchRows, Database, Query, Row, RunResult, SqlValue } from "./types.ts";
import { fromEngineValue, fromEngineValues } from "./values.ts";

/**
 * A {@link Database} over a SQLite-backed Durable Object's `storage.sql`.
 * `batch` runs in `transactionSync`; `transaction` uses `storage.transaction`,
 * which rolls back every `sql.exec` write when `fn` throws, holds the object's
 * other events until it settles, and nests as a savepoint.
 *
 * @example
 * ```ts
 * export class App extends DurableObject {
 *   db = createDoDatabase(this.ctx.storage);
 *   async add(title: string) {
 *     return (await this.db.run(sql`insert into notes (title) values (${title})`)).lastRowId;
 *   }
 * }
 * ```
 */
export function createDoDatabase(storage: DurableObjectStorage): Database {
  // Read once: `storage.sql` is a getter into the runtime, and exec runs per statement.
  const sqlStorage = storage.sql;
  // Always reads the cursor to the end, even for `first`: a half-read
  // INSERT … RETURNING keeps its statement open, and the commit then fails
  // with SQLITE_BUSY (measured). Rows past `limit` are read but not mapped.
  // raw() rather than toArray(): toArray assigns each column to a plain
  // object, which loses a column named "__proto__".
  function exec(statement: Prepared, limit = Infinity): Row[] {
    const rows: Row[] = [];
    try {
      const cursor = sqlStorage.exec(statement.text, ...statement.params);
      // exec has already taken the first step, and a statement without result
      // columns (a write without RETURNING, DDL) is done after it: nothing to read.
      const columns = cursor.columnNames;
      if (columns.length > 0) {
        for (const values of cursor.raw()) if (rows.length < limit) rows.push(fromEngineValues(columns, values));
      }
    } catch (error) {
      throw classifyError(error);
    }
    return rows;
  }

  function counters(): { total: number; lastRowId: number } {
    const row = sqlStorage.exec("select total_changes() as total, last_insert_rowid() as lastRowId").one();
    return { total: Number(row.total), lastRowId: fromEngineValue(row.lastRowId, "lastRowId") as number };
  }

  // changes() keeps the count of the last INSERT/UPDATE/DELETE even after a
  // SELECT or DDL, so the statement's own count is the total_changes() delta
  // (what local D1 reports too). rowsWritten counts index writes, so it can't serve.
  function write(statement: Prepared, before = counters().total): BatchResult & { total: number } {
    const rows = exec(statement);
    const after = counters();
    return { rows, changes: after.total - before, lastRowId: after.lastRowId, total: after.total };
  }

  // Cast once: an object literal cannot state batch's two overloads.
  const db = {
    engine: "do",
    async all<T = Row>(query: Query | string, params?: readonly SqlValue[]): Promise<T[]> {
      return exec(prepare(query, params)) as T[];
    },
    async first<T = Row>(query: Query | string, params?: readonly SqlValue[]): Promise<T | null> {
      return (exec(prepare(query, params), 1)[0] as T | undefined) ?? null;
    },
    async run(query: Query | string, params?: readonly SqlValue[]): Promise<RunResult> {
      const { changes, lastRowId } = write(prepare(query, params));
      return { changes, lastRowId };
    },
    async batch<T = Row>(queries: readonly Query[], options?: BatchOptions): Promise<BatchRows<T>[]> {
      const counts = batchCounts(options);
      // Map every value first, so a refused value fails the batch before any SQL runs.
      const statements = queries.map((query) => prepare(query));
      return storage.transactionSync(() => {
        if (!counts) return statements.map((statement) => ({ rows: exec(statement) }));
        // Nothing else runs inside transactionSync, so one statement's "after"
        // count is the next one's "before": n + 1 counter reads, not 2n.
        let total = counters().total;
        return statements.map((statement): BatchResult => {
          const { rows, changes, lastRowId, total: after } = write(statement, total);
          total = after;
          return { rows, changes, lastRowId };
        });
      }) as BatchRows<T>[];
    },
    transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      return storage.transaction(() => fn(db));
    },
  } as Database;
  return db;
}
