// One interface over a fresh Durable Object database and the local D1
// database, so the migration suite runs unchanged against both engines.
import { env } from "cloudflare:workers";
import { applyD1Migrations as wranglerLikeApply, runInDurableObject } from "cloudflare:test";
import { applyD1Migrations, applyDoMigrations, d1MigrationStatus, doMigrationStatus } from "../../../src/migrations/index.ts";
import type { AppliedMigration, MigrationSet, MigrationStatus } from "../../../src/migrations/index.ts";

export type Row = Record<string, unknown>;

export interface Target {
  apply(set: MigrationSet): Promise<AppliedMigration[]>;
  status(set: MigrationSet): Promise<MigrationStatus>;
  all(sql: string, ...params: unknown[]): Promise<Row[]>;
  /** What `wrangler d1 migrations apply` does for one file: its statements and a d1_migrations row, atomically. */
  wranglerApply(name: string, statements: string[]): Promise<void>;
}

export interface Engine {
  readonly name: "do" | "d1";
  /** An empty database (D1: the file's one database, emptied). */
  fresh(): Promise<Target>;
}

const WRANGLER_LEDGER = `CREATE TABLE IF NOT EXISTS d1_migrations(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

export const doEngine: Engine = {
  name: "do",
  async fresh() {
    const stub = env.SQL.get(env.SQL.idFromName(`migrations-${crypto.randomUUID()}`));
    const inside = <R>(fn: (storage: DurableObjectStorage) => R | Promise<R>): Promise<R> =>
      runInDurableObject(stub, (_instance, state) => fn(state.storage));
    return {
      apply: (set) => inside((storage) => applyDoMigrations(storage, set)),
      status: (set) => inside((storage) => doMigrationStatus(storage, set)),
      all: (sql, ...params) => inside((storage) => storage.sql.exec(sql, ...params).toArray()),
      wranglerApply: (name, statements) =>
        inside((storage) => {
          storage.sql.exec(WRANGLER_LEDGER);
          storage.transactionSync(() => {
            for (const statement of statements) storage.sql.exec(statement).toArray();
            storage.sql.exec("INSERT INTO d1_migrations (name) VALUES (?)", name);
          });
        }),
    };
  },
};

export const d1Engine: Engine = {
  name: "d1",
  async fresh() {
    const db = env.DB;
    const { results } = await db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
      .all<{ name: string }>();
    if (results.length > 0) {
      await db.batch(results.map(({ name }) => db.prepare(`DROP TABLE "${name.replaceAll('"', '""')}"`)));
    }
    return {
      apply: (set) => applyD1Migrations(db, set),
      status: (set) => d1MigrationStatus(db, set),
      all: async (sql, ...params) => (await db.prepare(sql).bind(...params).all<Row>()).results,
      // The pool's applyD1Migrations is wrangler's apply (same ledger statement, one batch per file).
      wranglerApply: (name, statements) => wranglerLikeApply(db, [{ name, queries: statements }]),
    };
  },
};

export const engines: readonly Engine[] = [doEngine, d1Engine];

/** Names of the user tables, sorted. */
export async function tableNames(target: Target): Promise<string[]> {
  const rows = await target.all(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  );
  return rows.map((row) => String(row.name));
}
