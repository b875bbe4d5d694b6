// Gives a test a fresh database on either engine, so one test body can run
// unchanged against both (see parity.test.ts).
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import { DatabaseError } from "../../../src/index.ts";
import { createD1Database } from "../../../src/db/d1-database.ts";
import { createDoDatabase } from "../../../src/db/do-database.ts";
import type { ConstraintKind, DatabaseErrorCode, Database } from "../../../src/index.ts";

/** Runs `body` with a database that holds no user tables. */
export type WithDatabase = <T>(body: (db: Database) => Promise<T>) => Promise<T>;

/**
 * DO SQLite: a new object per call (unique name), so nothing is shared. The
 * body runs inside the object, where its storage may be used.
 */
export const withDoDatabase: WithDatabase = (body) =>
  runInDurableObject(env.SQL.get(env.SQL.idFromName(`db-${crypto.randomUUID()}`)), (_instance, state) =>
    body(createDoDatabase(state.storage)),
  );

/**
 * D1: the pool gives each test file its own D1 storage but shares it between
 * the tests of a file (measured), so user tables are dropped first. Tests of
 * one file run one after another, so this cannot race.
 */
export const withD1Database: WithDatabase = async (body) => {
  const leftovers = await env.DB.prepare(
    "select type, name from sqlite_master where type in ('table', 'view') " +
      "and name not glob 'sqlite_*' and name not glob '_cf_*' order by rowid desc",
  ).all<{ type: string; name: string }>();
  // Newest first, so a table is dropped before the tables its foreign keys point to.
  for (const { type, name } of leftovers.results) await env.DB.exec(`drop ${type} "${name}"`);
  return body(createD1Database(env.DB));
};

/** Both engines, for `describe.each`. */
export const engines: [name: string, withDatabase: WithDatabase][] = [
  ["do", withDoDatabase],
  ["d1", withD1Database],
];

/** Awaits `promise`, expects a `DatabaseError` with `code` (and `constraint`), returns it. */
export async function expectDatabaseError(
  promise: Promise<unknown>,
  code: DatabaseErrorCode,
  constraint: ConstraintKind | null = null,
): Promise<DatabaseError> {
  const error: unknown = await promise.then(
    () => new Error("expected a DatabaseError, but the call succeeded"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  expect(error).toMatchObject({ code, constraint });
  return error as DatabaseError;
}
