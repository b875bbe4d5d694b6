import { classifyError } from "./classify-error.ts";
import { DatabaseError } from "./database-error.ts";
import { batchCounts } from "./batch-options.ts";
import type { BatchOptions } from "./batch-options.ts";
import { prepare } from "./prepare.ts";
import type { Prepared } from "./prepare.ts";
import type { BatchResult, BatchRows, Database, Query, Row, RunResult, SqlValue } from "./types.ts";
import { fromEngineRow, fromEngineValue } from "./values.ts";

/**
 * A {@link Database} over a D1 binding, answering exactly like
 * {@link createDoDatabase} for the same SQL. `batch` uses `d1.batch`, which is
 * atomic. `transaction` is refused: D1 has no interactive transactions.
 *
 * @example
 * ```ts
 * const db = createD1Database(env.DB);
 * await db.batch([
 *   sql`update accounts set balance = balance - ${n} where id = ${from}`,
 *   sql`update accounts set balance = balance + ${n} where id = ${to}`,
 * ]);
 * ```
 */
export function createD1Database(d1: D1Database): Database {
  const bind = (statement: Prepared): D1PreparedStatement => d1.prepare(statement.text).bind(...statement.params);

  async function send<R>(request: () => Promise<R>): Promise<R> {
    try {
      return await request();
    } catch (error) {
      throw classifyError(error);
    }
  }

  // `limit` keeps `first` from refusing a value in a row it does not return,
  // as on DO SQLite, where later rows are never mapped.
  function rowsOf(result: D1Result, limit = Infinity): Row[] {
    return result.results.slice(0, limit).map((row) => fromEngineRow(row as Record<string, unknown>));
  }

  function toResult(result: D1Result, limit = Infinity): BatchResult {
    return {
      rows: rowsOf(result, limit),
      changes: result.meta.changes,
      lastRowId: fromEngineValue(result.meta.last_row_id, "lastRowId") as number,
    };
  }

  async function query(statement: Prepared, limit?: number): Promise<BatchResult> {
    return toResult(await send(() => bind(statement).all()), limit);
  }

  // Cast once: an object literal cannot state batch's two overloads.
  return {
    engine: "d1",
    async all<T = Row>(text: Query | string, params?: readonly SqlValue[]): Promise<T[]> {
      return (await query(prepare(text, params))).rows as T[];
    },
    async first<T = Row>(text: Query | string, params?: readonly SqlValue[]): Promise<T | null> {
      return ((await query(prepare(text, params), 1)).rows[0] as T | undefined) ?? null;
    },
    async run(text: Query | string, params?: readonly SqlValue[]): Promise<RunResult> {
      const { changes, lastRowId } = await query(prepare(text, params));
      return { changes, lastRowId };
    },
    async batch<T = Row>(queries: readonly Query[], options?: BatchOptions): Promise<BatchRows<T>[]> {
      const counts = batchCounts(options);
      const statements = queries.map((q) => bind(prepare(q)));
      // d1.batch refuses an empty list; DO SQLite's answer, [], is the sensible one.
      if (statements.length === 0) return [];
      const results = await send(() => d1.batch(statements));
      // D1 reports the counts anyway; dropped so both engines answer alike.
      return results.map((result) => (counts ? toResult(result) : { rows: rowsOf(result) })) as BatchRows<T>[];
    },
    async transaction<T>(_fn: (tx: Database) => Promise<T>): Promise<T> {
      throw new DatabaseError(
        "transaction_unsupported",
        "D1 has no interactive transactions, so db.transaction() works only on DO SQLite: " +
          "use db.batch([...]) to apply statements atomically",
      );
    },
  } as Database;
}
