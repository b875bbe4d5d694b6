import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sql } from "../../../src/index.ts";
import { createDoDatabase } from "../../../src/db/do-database.ts";
import type { Database } from "../../../src/index.ts";
import { expectDatabaseError } from "./engines.ts";

// Each test gets its own object; `inside` runs a step in it, `rows` reads the
// table with raw storage.sql (not dorm), after evicting the object when asked,
// so "persisted" means what survives a restart.
function object() {
  const stub = env.SQL.get(env.SQL.idFromName(`do-db-${crypto.randomUUID()}`));
  const inside = <T>(step: (db: Database, storage: DurableObjectStorage) => Promise<T>) =>
    runInDurableObject(stub, (_instance, state) => step(createDoDatabase(state.storage), state.storage));
  const rows = async (table: string, { evict = false } = {}) => {
    if (evict) await evictDurableObject(stub);
    return inside(async (_db, storage) => storage.sql.exec(`select * from ${table} order by rowid`).toArray());
  };
  return { inside, rows };
}

describe("createDoDatabase", () => {
  it("names its engine", async () => {
    await object().inside(async (db) => expect(db.engine).toBe("do"));
  });

  it("refuses an infinite REAL rather than returning it (D1 turns it into null)", async () => {
    await object().inside(async (db) => {
      await expectDatabaseError(db.first("select 1e999 as inf"), "invalid_value");
    });
  });

  it("commits a transaction and returns what fn returns", async () => {
    const { inside, rows } = object();
    const result = await inside(async (db) => {
      await db.run("create table t (v text)");
      return db.transaction(async (tx) => {
        await tx.run(sql`insert into t values (${"a"})`);
        await new Promise((resolve) => setTimeout(resolve, 5)); // an await inside stays in the transaction
        await tx.run(sql`insert into t values (${"b"})`);
        return "done";
      });
    });
    expect(result).toBe("done");
    expect(await rows("t", { evict: true })).toEqual([{ v: "a" }, { v: "b" }]);
  });

  it("rolls a transaction back when fn throws, rethrowing the same error", async () => {
    const { inside, rows } = object();
    const thrown = new Error("changed my mind");
    const caught = await inside(async (db) => {
      await db.run("create table t (v text)");
      await db.run(sql`insert into t values (${"before"})`);
      return db
        .transaction(async (tx) => {
          await tx.run(sql`insert into t values (${"inside"})`);
          await tx.run(sql`update t set v = ${"overwritten"}`);
          throw thrown;
        })
        .catch((e: unknown) => e);
    });
    expect(caught).toBe(thrown);
    expect(await rows("t", { evict: true })).toEqual([{ v: "before" }]);
  });

  it("rolls back when a statement inside the transaction fails", async () => {
    const { inside, rows } = object();
    await inside(async (db) => {
      await db.run("create table t (v text unique)");
      const attempt = db.transaction(async (tx) => {
        await tx.run(sql`insert into t values (${"x"})`);
        await tx.run(sql`insert into t values (${"x"})`);
      });
      await expectDatabaseError(attempt, "constraint_violation", "unique");
    });
    expect(await rows("t")).toEqual([]);
  });

  it("nests a transaction as a savepoint: an inner failure undoes only the inner writes", async () => {
    const { inside, rows } = object();
    await inside(async (db) => {
      await db.run("create table t (v text)");
      await db.transaction(async (tx) => {
        await tx.run(sql`insert into t values (${"outer"})`);
        await tx
          .transaction(async (inner) => {
            await inner.run(sql`insert into t values (${"inner"})`);
            throw new Error("inner fails");
          })
          .catch(() => undefined);
      });
    });
    expect(await rows("t")).toEqual([{ v: "outer" }]);
  });

  it("undoes a batch made inside a transaction that then throws", async () => {
    const { inside, rows } = object();
    await inside(async (db) => {
      await db.run("create table t (v text)");
      const attempt = db.transaction(async (tx) => {
        await tx.batch([sql`insert into t values (${"a"})`, sql`insert into t values (${"b"})`]);
        throw new Error("after the batch");
      });
      await expect(attempt).rejects.toThrow("after the batch");
    });
    expect(await rows("t")).toEqual([]);
  });

  it("runs concurrent transactions one after the other, holding outside events until each ends", async () => {
    const { inside } = object();
    const log = await inside(async (db) => {
      const log: string[] = [];
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const first = db.transaction(async () => {
        log.push("first start");
        await sleep(20);
        log.push("first end");
      });
      // Scheduled outside the transaction and due during it: it waits (input gate).
      setTimeout(() => log.push("outside timer"), 1);
      const second = db.transaction(async () => {
        log.push("second");
      });
      await Promise.all([first, second]);
      await sleep(5);
      return log;
    });
    expect(log).toEqual(["first start", "first end", "second", "outside timer"]);
  });

  it("commits after first() on a write returning many rows inside a transaction", async () => {
    // A half-read INSERT … RETURNING cursor keeps its statement open, and the
    // commit then fails with SQLITE_BUSY: first() must still read to the end.
    const { inside, rows } = object();
    await inside(async (db) => {
      await db.run("create table t (v integer)");
      await db.transaction(async (tx) => {
        expect(await tx.first("insert into t values (1), (2), (3) returning v")).toEqual({ v: 1 });
        await tx.run("insert into t values (4)");
      });
    });
    expect(await rows("t", { evict: true })).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }, { v: 4 }]);
  });

  it("applies nothing of a batch whose second statement fails, as seen by raw storage", async () => {
    const { inside, rows } = object();
    await inside(async (db) => {
      await db.run("create table t (id integer primary key, v text not null)");
      const attempt = db.batch([sql`insert into t (v) values (${"kept?"})`, sql`insert into t (v) values (${null})`]);
      await expectDatabaseError(attempt, "constraint_violation", "not_null");
    });
    expect(await rows("t", { evict: true })).toEqual([]);
  });
});
