// One suite, run unchanged against DO SQLite and D1: no test here may expect
// anything engine-specific. Engine-only behaviour lives in do-/d1-database tests.
import { describe, expect, it } from "vitest";
import { sql } from "../../../src/index.ts";
import { engines, expectDatabaseError } from "./engines.ts";

describe.each(engines)("Database on %s", (_engine, withDatabase) => {
  it("round-trips integers, reals, text and NULL", () =>
    withDatabase(async (db) => {
      await db.run("create table t (i integer, r real, s text, n)");
      await db.run(sql`insert into t values (${42}, ${1.5}, ${"text"}, ${null})`);
      const row = await db.first("select i, r, s, n, typeof(i) ti, typeof(r) tr, typeof(s) ts, typeof(n) tn from t");
      expect(row).toEqual({ i: 42, r: 1.5, s: "text", n: null, ti: "integer", tr: "real", ts: "text", tn: "null" });
      expect(await db.first("select -7 as neg, 0.25 as q, 'x' || 'y' as s, null as z")).toEqual({ neg: -7, q: 0.25, s: "xy", z: null });
    }));

  it("binds numbers as REAL, which an INTEGER column turns back into integers", () =>
    withDatabase(async (db) => {
      expect(await db.first(sql`select typeof(${1}) as t`)).toEqual({ t: "real" });
      await db.run("create table t (i integer, any_)");
      await db.run(sql`insert into t values (${7}, ${7})`);
      expect(await db.first("select typeof(i) ti, typeof(any_) ta, i = any_ as same from t")).toEqual({ ti: "integer", ta: "real", same: 1 });
    }));

  it("stores BLOBs from Uint8Array and ArrayBuffer and returns Uint8Array with the same bytes", () =>
    withDatabase(async (db) => {
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      const view = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
      await db.run("create table b (id integer primary key, data blob)");
      await db.run(sql`insert into b (data) values (${all}), (${new Uint8Array([5, 6]).buffer}), (${view}), (${new Uint8Array(0)})`);
      const rows = await db.all<{ data: Uint8Array; t: string }>("select data, typeof(data) t from b order by id");
      expect(rows.map((r) => r.t)).toEqual(["blob", "blob", "blob", "blob"]);
      for (const row of rows) expect(row.data).toBeInstanceOf(Uint8Array);
      expect(rows.map((r) => Array.from(r.data))).toEqual([Array.from(all), [5, 6], [1, 2, 3], []]);
      expect(await db.first("select x'00ff' as lit")).toEqual({ lit: new Uint8Array([0, 255]) });
    }));

  it("stores booleans as 1 and 0", () =>
    withDatabase(async (db) => {
      await db.run("create table f (name text, done integer)");
      await db.run(sql`insert into f values (${"a"}, ${true}), (${"b"}, ${false})`);
      expect(await db.all("select name, done from f order by name")).toEqual([{ name: "a", done: 1 }, { name: "b", done: 0 }]);
      expect(await db.all(sql`select name from f where done = ${true}`)).toEqual([{ name: "a" }]);
    }));

  it("stores Dates as ISO-8601 text that sorts and compares in time order", () =>
    withDatabase(async (db) => {
      const early = new Date(Date.UTC(2001, 0, 2, 3, 4, 5, 6));
      const late = new Date(Date.UTC(2030, 11, 31));
      await db.run("create table d (at text)");
      await db.run(sql`insert into d values (${late}), (${early})`);
      expect(await db.all("select at, typeof(at) t from d order by at")).toEqual([
        { at: "2001-01-02T03:04:05.006Z", t: "text" },
        { at: late.toISOString(), t: "text" },
      ]);
      expect(await db.all(sql`select at from d where at > ${new Date(Date.UTC(2020, 0, 1))}`)).toEqual([{ at: late.toISOString() }]);
      expect(new Date((await db.first<{ at: string }>("select min(at) at from d"))!.at).getTime()).toBe(early.getTime());
    }));

  it("refuses integers beyond ±(2^53 − 1) going in, before anything runs", () =>
    withDatabase(async (db) => {
      await db.run("create table n (v)");
      await expectDatabaseError(db.run(sql`insert into n values (${2 ** 53})`), "integer_out_of_range");
      await expectDatabaseError(db.run(sql`insert into n values (${2n ** 60n})`), "integer_out_of_range");
      await expectDatabaseError(db.run("insert into n values (?)", [-(2 ** 53) - 2]), "integer_out_of_range");
      expect(await db.first("select count(*) c from n")).toEqual({ c: 0 });
      await db.run(sql`insert into n values (${Number.MAX_SAFE_INTEGER}), (${BigInt(-Number.MAX_SAFE_INTEGER)})`);
      expect(await db.all("select v from n order by v")).toEqual([{ v: -Number.MAX_SAFE_INTEGER }, { v: Number.MAX_SAFE_INTEGER }]);
    }));

  it("refuses integers beyond ±(2^53 − 1) coming out, and text gets them exactly", () =>
    withDatabase(async (db) => {
      const error = await expectDatabaseError(db.first("select 9007199254740993 as v"), "integer_out_of_range");
      expect(error.message).toMatch(/"v"/);
      await db.run("create table n (v integer)");
      await db.run("insert into n values (9223372036854775807), (-9223372036854775808), (9007199254740992)");
      await expectDatabaseError(db.all("select v from n"), "integer_out_of_range");
      await expectDatabaseError(db.first("select max(v) from n"), "integer_out_of_range");
      // first maps only the row it returns, so big values in later rows do not matter.
      await db.run("insert into n values (5)");
      expect(await db.first("select v from n order by v = 5 desc")).toEqual({ v: 5 });
      expect(await db.all("select cast(v as text) v from n where v <> 5 order by v")).toEqual([
        { v: "-9223372036854775808" },
        { v: "9007199254740992" },
        { v: "9223372036854775807" },
      ]);
    }));

  it("returns REALs beyond the int64 range, which cannot be rounded integers", () =>
    withDatabase(async (db) => {
      await db.run("create table r (v real)");
      await db.run(sql`insert into r values (${1e20}), (${-3.5e300})`);
      expect(await db.all("select v, typeof(v) t from r order by v")).toEqual([{ v: -3.5e300, t: "real" }, { v: 1e20, t: "real" }]);
    }));

  it("keeps unicode and emoji text exactly", () =>
    withDatabase(async (db) => {
      const texts = ["héllo wörld", "日本語のテキスト", "👩‍👩‍👧‍👦 family", "𝄞 clef", "مرحبا", "e\u0301", ""];
      await db.run("create table u (id integer primary key, s text)");
      await db.batch(texts.map((s) => sql`insert into u (s) values (${s})`));
      const rows = await db.all<{ s: string; n: number }>("select s, length(s) n from u order by id");
      expect(rows.map((r) => r.s)).toEqual(texts);
      // SQLite counts code points: "𝄞" is one character, though two UTF-16 units in JS.
      expect(rows[3]!.n).toBe(6);
      expect(await db.first(sql`select id from u where s = ${"👩‍👩‍👧‍👦 family"}`)).toEqual({ id: 3 });
    }));

  it("keeps SQL-looking text as data", () =>
    withDatabase(async (db) => {
      const evil = ["'); drop table notes; --", "\" or 1=1 --", "?", "?1 :name $x @y", "x'00'", "; select 1;"];
      await db.run("create table notes (id integer primary key, title text)");
      for (const title of evil) await db.run(sql`insert into notes (title) values (${title})`);
      expect((await db.all<{ title: string }>("select title from notes order by id")).map((r) => r.title)).toEqual(evil);
      expect(await db.first(sql`select count(*) c from notes where title = ${"x' or '1'='1"}`)).toEqual({ c: 0 });
    }));

  it("reports each constraint violation with its kind", () =>
    withDatabase(async (db) => {
      await db.run("create table p (id integer primary key)");
      await db.run(
        "create table c (id integer primary key, email text unique not null, age integer check (age >= 0), p integer references p(id))",
      );
      await db.run("insert into p values (1)");
      await db.run(sql`insert into c (id, email, age, p) values (${1}, ${"a@x"}, ${1}, ${1})`);
      const unique = await expectDatabaseError(db.run(sql`insert into c (email) values (${"a@x"})`), "constraint_violation", "unique");
      expect(unique.message).toMatch(/^UNIQUE constraint failed: c\.email/);
      await expectDatabaseError(db.run(sql`insert into c (id, email) values (${1}, ${"b@x"})`), "constraint_violation", "primary_key");
      await expectDatabaseError(db.run("insert into c (email) values (null)"), "constraint_violation", "not_null");
      await expectDatabaseError(db.run(sql`insert into c (email, age) values (${"c@x"}, ${-1})`), "constraint_violation", "check");
      await expectDatabaseError(db.run(sql`insert into c (email, p) values (${"d@x"}, ${99})`), "constraint_violation", "foreign_key");
      expect(await db.all("select id from c")).toEqual([{ id: 1 }]);
    }));

  it("reports syntax errors, unknown tables and columns, and empty SQL", () =>
    withDatabase(async (db) => {
      const syntax = await expectDatabaseError(db.all("selec 1"), "syntax_error");
      expect(syntax.message).toMatch(/near "selec": syntax error/);
      expect(syntax.cause).toBeInstanceOf(Error);
      await expectDatabaseError(db.all("select * from"), "syntax_error");
      await expectDatabaseError(db.all("  "), "syntax_error");
      const table = await expectDatabaseError(db.all("select * from nope"), "no_such_table");
      expect(table.message).toMatch(/^no such table: nope/);
      await db.run("create table t (a)");
      await expectDatabaseError(db.all("select b from t"), "no_such_column");
      await expectDatabaseError(db.all("select ?, ?", [1]), "query_failed");
    }));

  it("refuses SQL that opens a transaction itself, pointing to batch", () =>
    withDatabase(async (db) => {
      const error = await expectDatabaseError(db.run("begin"), "transaction_unsupported");
      expect(error.message).toMatch(/db\.batch\(\)/);
    }));

  it("returns [] and null for empty results", () =>
    withDatabase(async (db) => {
      await db.run("create table t (a)");
      expect(await db.all("select * from t")).toEqual([]);
      expect(await db.first("select * from t")).toBeNull();
      expect(await db.first(sql`select * from t where a = ${1}`)).toBeNull();
    }));

  it("reports changes and lastRowId of each write, and none for reads and DDL", () =>
    withDatabase(async (db) => {
      // lastRowId is the connection's last insert, so before the first insert it is not asserted.
      expect((await db.run("create table t (id integer primary key, v)")).changes).toBe(0);
      expect(await db.run(sql`insert into t (v) values (${"a"})`)).toEqual({ changes: 1, lastRowId: 1 });
      expect(await db.run(sql`insert into t (id, v) values (${10}, ${"b"}), (${20}, ${"c"})`)).toEqual({ changes: 2, lastRowId: 20 });
      expect(await db.run(sql`update t set v = ${"z"}`)).toEqual({ changes: 3, lastRowId: 20 });
      // SQLite's changes() would still say 3 here: the count must be this statement's.
      expect(await db.run(sql`update t set v = ${"y"} where id = ${999}`)).toEqual({ changes: 0, lastRowId: 20 });
      expect(await db.run("select * from t")).toEqual({ changes: 0, lastRowId: 20 });
      expect(await db.run("create index t_v on t (v)")).toEqual({ changes: 0, lastRowId: 20 });
      expect(await db.run(sql`delete from t where id >= ${10}`)).toEqual({ changes: 2, lastRowId: 20 });
    }));

  it("returns rows in the order SQLite gives them, and first takes the first", () =>
    withDatabase(async (db) => {
      await db.run("create table t (id integer primary key, v text)");
      await db.run(sql`insert into t values (${3}, ${"c"}), (${1}, ${"a"}), (${2}, ${"b"})`);
      expect(await db.all("select v from t order by id desc")).toEqual([{ v: "c" }, { v: "b" }, { v: "a" }]);
      expect(await db.all("select v from t order by v")).toEqual([{ v: "a" }, { v: "b" }, { v: "c" }]);
      expect(await db.first("select id, v from t order by id desc")).toEqual({ id: 3, v: "c" });
      expect(Object.keys((await db.first("select v, id, 1 as one from t"))!)).toEqual(["v", "id", "one"]);
    }));

  it("accepts text with parameters like the sql tag, but not both on a Query", () =>
    withDatabase(async (db) => {
      expect(await db.first("select ? as a, ? as b", ["x", true])).toEqual({ a: "x", b: 1 });
      await expectDatabaseError(db.first(sql`select ${1} as a`, [2]), "invalid_value");
      await expectDatabaseError(db.first("select ? as a", [undefined as unknown as null]), "invalid_value");
      await expectDatabaseError(db.first(sql`select ${NaN} as a`), "invalid_value");
    }));

  it("returns rows from a write with RETURNING", () =>
    withDatabase(async (db) => {
      await db.run("create table t (id integer primary key, v text)");
      expect(await db.all(sql`insert into t (v) values (${"a"}), (${"b"}) returning id, v`)).toEqual([
        { id: 1, v: "a" },
        { id: 2, v: "b" },
      ]);
      expect(await db.first("select count(*) n from t")).toEqual({ n: 2 });
    }));

  it("runs a batch atomically and reports each statement", () =>
    withDatabase(async (db) => {
      await db.run("create table t (id integer primary key, v text unique)");
      const results = await db.batch([
        sql`insert into t (v) values (${"a"})`,
        sql`insert into t (v) values (${"b"}), (${"c"})`,
        sql`select v from t order by v desc`,
      ]);
      expect(results).toEqual([
        { rows: [], changes: 1, lastRowId: 1 },
        { rows: [], changes: 2, lastRowId: 3 },
        { rows: [{ v: "c" }, { v: "b" }, { v: "a" }], changes: 0, lastRowId: 3 },
      ]);
      expect(await db.batch([])).toEqual([]);
    }));

  it("runs a batch without counts, returning only each statement's rows", () =>
    withDatabase(async (db) => {
      await db.run("create table t (id integer primary key, v text unique)");
      const results = await db.batch(
        [sql`insert into t (v) values (${"a"}), (${"b"})`, sql`select v from t order by v`],
        { counts: false },
      );
      expect(results).toEqual([{ rows: [] }, { rows: [{ v: "a" }, { v: "b" }] }]);
      expect(await db.batch([sql`select 1 as one`], { counts: true })).toEqual([{ rows: [{ one: 1 }], changes: 0, lastRowId: 2 }]);
      // Still atomic: a failing statement undoes the ones before it.
      await expectDatabaseError(
        db.batch([sql`insert into t (v) values (${"c"})`, sql`insert into t (v) values (${"a"})`], { counts: false }),
        "constraint_violation",
        "unique",
      );
      expect(await db.all("select v from t order by v")).toEqual([{ v: "a" }, { v: "b" }]);
    }));

  it("refuses batch options that are not { counts?: boolean }, before anything runs", () =>
    withDatabase(async (db) => {
      await db.run("create table t (v text)");
      const insert = [sql`insert into t values (${"x"})`];
      for (const options of [null, "fast", 1, { counts: "no" }, { counts: 0 }]) {
        await expectDatabaseError(db.batch(insert, options as never), "invalid_value");
      }
      expect(await db.all("select v from t")).toEqual([]);
    }));

  it("keeps columns named like Object.prototype members as plain data", () =>
    withDatabase(async (db) => {
      const row = await db.first('select 1 as "__proto__", 2 as "constructor", 3 as "toString", null as "hasOwnProperty"');
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.keys(row!)).toEqual(["__proto__", "constructor", "toString", "hasOwnProperty"]);
      expect(Object.getOwnPropertyDescriptor(row, "__proto__")?.value).toBe(1);
      expect(row!.constructor).toBe(2);
      expect(row!.hasOwnProperty).toBeNull();
    }));

  it("applies nothing of a batch whose second statement fails", () =>
    withDatabase(async (db) => {
      await db.run("create table t (v text unique)");
      await db.run(sql`insert into t values (${"taken"})`);
      await expectDatabaseError(
        db.batch([sql`insert into t values (${"new"})`, sql`insert into t values (${"taken"})`]),
        "constraint_violation",
        "unique",
      );
      await expectDatabaseError(db.batch([sql`insert into t values (${"new"})`, sql`selec`]), "syntax_error");
      const refused = sql`insert into t values (${undefined as unknown as null})`;
      await expectDatabaseError(db.batch([sql`insert into t values (${"new"})`, refused]), "invalid_value");
      expect(await db.all("select v from t")).toEqual([{ v: "taken" }]);
    }));
});
