// Facts about DO SQLite that the migration runner's design rests on. If one
// of these changes with a workerd update, revisit src/migrations.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";

const inFreshObject = <R>(fn: (storage: DurableObjectStorage) => R) =>
  runInDurableObject(env.SQL.get(env.SQL.idFromName(`platform-${crypto.randomUUID()}`)), (_i, state) =>
    fn(state.storage),
  );

it("storage.sql.exec runs several statements, but fails on a comment after the last `;` once the others ran", async () => {
  await inFreshObject((storage) => {
    const sql = storage.sql;
    sql.exec("CREATE TABLE a (x); INSERT INTO a VALUES ('x;y');");
    expect(sql.exec("SELECT x FROM a").toArray()).toEqual([{ x: "x;y" }]);
    expect(() => sql.exec("CREATE TABLE b (x); -- done")).toThrow("SQL code did not contain a statement");
    // …after creating b: exec alone is neither atomic nor comment-proof, hence dorm's splitter.
    expect(sql.exec("SELECT name FROM sqlite_master WHERE name = 'b'").toArray()).toEqual([{ name: "b" }]);
  });
});

it("DO SQLite refuses transaction statements; transactionSync rolls back every statement on a throw", async () => {
  await inFreshObject((storage) => {
    const sql = storage.sql;
    for (const statement of ["BEGIN TRANSACTION", "BEGIN", "COMMIT", "SAVEPOINT s"]) {
      expect(() => sql.exec(statement)).toThrow("please use the state.storage.transaction()");
    }
    expect(() =>
      storage.transactionSync(() => {
        sql.exec("CREATE TABLE c (x)");
        sql.exec("INSERT INTO nope VALUES (1)");
      }),
    ).toThrow("no such table: nope");
    expect(sql.exec("SELECT name FROM sqlite_master WHERE name = 'c'").toArray()).toEqual([]);
  });
});
