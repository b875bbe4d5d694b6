/**
 * Values a query may bind. They are mapped explicitly before they reach the
 * engine: boolean → 0/1, Date → ISO-8601 text, ArrayBuffer/Uint8Array → BLOB,
 * bigint → integer when it fits in ±(2^53 − 1). `undefined` is refused.
 */
export type SqlValue =
  | null
  | number
  | bigint
  | string
  | boolean
  | Date
  | Uint8Array
  | ArrayBuffer;

/** Values rows come back with: BLOBs are always `Uint8Array`, whatever the engine. */
export type SqlResultValue = null | number | string | Uint8Array;

/** A row as returned by the engine, in the column order of the query. */
export type Row = Record<string, SqlResultValue>;

/** A statement with its bound parameters, as built by the `sql` tag. */
export interface Query {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

/** What a write reports. `lastRowId` is the rowid of the last insert on this connection. */
export interface RunResult {
  readonly changes: number;
  readonly lastRowId: number;
}

/** One statement's rows inside `batch(queries, { counts: false })`. */
export interface BatchRows<T = Row> {
  readonly rows: T[];
}

/** One statement's outcome inside `batch`. */
export interface BatchResult<T = Row> extends RunResult, BatchRows<T> {}

/** Which engine a Database runs on. */
export type DatabaseEngine = "do" | "d1";

/**
 * One async interface over DO SQLite and D1. Every method takes either a
 * `Query` (from the `sql` tag) or SQL text plus parameters.
 *
 * @example
 * ```ts
 * const notes = await db.all<Note>(sql`select * from notes where id > ${after}`);
 * const { lastRowId } = await db.run("insert into notes (title) values (?)", [title]);
 * ```
 */
export interface Database {
  readonly engine: DatabaseEngine;
  all<T = Row>(query: Query | string, params?: readonly SqlValue[]): Promise<T[]>;
  first<T = Row>(query: Query | string, params?: readonly SqlValue[]): Promise<T | null>;
  run(query: Query | string, params?: readonly SqlValue[]): Promise<RunResult>;
  /**
   * Runs every statement atomically: all apply, or none does. Each result has
   * the statement's rows, `changes` and `lastRowId`; with `{ counts: false }`
   * only its rows, which on DO SQLite saves one query per statement (bulk inserts).
   */
  batch<T = Row>(queries: readonly Query[], options?: { readonly counts?: true }): Promise<BatchResult<T>[]>;
  batch<T = Row>(queries: readonly Query[], options: { readonly counts: false }): Promise<BatchRows<T>[]>;
  /**
   * Runs `fn` in a transaction that rolls back when `fn` throws. DO SQLite only;
   * on D1 it throws a `DatabaseError` with code `transaction_unsupported` that
   * names `batch` as the alternative.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
}
