// The migration semantics, run unchanged against DO SQLite and local D1.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { migrateDo } from "../../../src/migrations/do-apply.ts";
import { ConfigError, MigrationError } from "../../../src/index.ts";
import { defineMigrations, migration, migrationChecksum } from "../../../src/migrations/index.ts";
import type { MigrationFile } from "../../../src/index.ts";
import type { MigrationSet } from "../../../src/migrations/index.ts";
import { engines, tableNames } from "./engines.ts";
import type { Target } from "./engines.ts";

// A compiled file that keeps its text, for tests that edit it.
const file = (name: string, sql: string): MigrationFile & { sql: string } => ({ ...migration(name, sql), sql });

const USERS = file("0001_users.sql", "CREATE TABLE b_users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);");
const NOTES = file(
  "0001_create_notes.sql",
  "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\nCREATE INDEX notes_title ON notes (title);\n",
);
// Uses the built-in's table: passes only when built-ins run first.
const AUTHORS = file(
  "0002_note_authors.sql",
  "ALTER TABLE notes ADD COLUMN author INTEGER REFERENCES b_users (id);\nINSERT INTO b_users (email) VALUES ('seed@example.com');\n",
);
const TAGS = file("0003_tags.sql", "CREATE TABLE tags (name TEXT PRIMARY KEY);");

const set = (app: MigrationFile[], builtin: MigrationFile[] = [USERS]): MigrationSet =>
  defineMigrations({ app, builtin });

async function ledgers(target: Target) {
  return {
    wrangler: (await target.all("SELECT name FROM d1_migrations ORDER BY id")).map((r) => r.name),
    dorm: (await target.all("SELECT kind, name FROM _dorm_migrations ORDER BY rowid")).map((r) => `${r.kind}/${r.name}`),
  };
}

async function failure(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

describe.each(engines)("migrations on $name", (engine) => {
  it("applies built-ins first, then the app's files in order, and says what it applied", async () => {
    const target = await engine.fresh();
    const applied = await target.apply(set([NOTES, AUTHORS, TAGS]));
    expect(applied).toEqual([
      { kind: "builtin", name: "0001_users.sql" },
      { kind: "app", name: "0001_create_notes.sql" },
      { kind: "app", name: "0002_note_authors.sql" },
      { kind: "app", name: "0003_tags.sql" },
    ]);
    expect(await tableNames(target)).toEqual(["_dorm_migrations", "b_users", "d1_migrations", "notes", "tags"]);
    expect(await target.all("SELECT email FROM b_users")).toEqual([{ email: "seed@example.com" }]);
  });

  it("applies nothing on a second run and leaves the ledgers as they were", async () => {
    const target = await engine.fresh();
    const migrations = set([NOTES, AUTHORS]);
    await target.apply(migrations);
    const before = await target.all("SELECT * FROM _dorm_migrations ORDER BY rowid");
    const wranglerBefore = await target.all("SELECT * FROM d1_migrations ORDER BY id");
    expect(await target.apply(migrations)).toEqual([]);
    expect(await target.all("SELECT * FROM _dorm_migrations ORDER BY rowid")).toEqual(before);
    expect(await target.all("SELECT * FROM d1_migrations ORDER BY id")).toEqual(wranglerBefore);
    expect(await target.all("SELECT count(*) AS n FROM b_users")).toEqual([{ n: 1 }]);
  });

  it("applies only the files added since the last run", async () => {
    const target = await engine.fresh();
    await target.apply(set([NOTES]));
    expect(await target.apply(set([NOTES, AUTHORS, TAGS]))).toEqual([
      { kind: "app", name: "0002_note_authors.sql" },
      { kind: "app", name: "0003_tags.sql" },
    ]);
  });

  it("records built-ins only in _dorm_migrations and app files in both ledgers", async () => {
    const target = await engine.fresh();
    await target.apply(set([NOTES, AUTHORS]));
    expect(await ledgers(target)).toEqual({
      wrangler: ["0001_create_notes.sql", "0002_note_authors.sql"],
      dorm: ["builtin/0001_users.sql", "app/0001_create_notes.sql", "app/0002_note_authors.sql"],
    });
    const rows = await target.all("SELECT kind, name, checksum, applied_at FROM _dorm_migrations ORDER BY rowid");
    for (const row of rows) expect(row.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rows.map((row) => row.checksum)).toEqual([
      migrationChecksum(USERS.sql),
      migrationChecksum(NOTES.sql),
      migrationChecksum(AUTHORS.sql),
    ]);
    const wrangler = await target.all("SELECT id, name, applied_at FROM d1_migrations ORDER BY id");
    expect(wrangler.map((row) => row.id)).toEqual([1, 2]);
    for (const row of wrangler) expect(row.applied_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it("creates d1_migrations exactly as wrangler does", async () => {
    const target = await engine.fresh();
    await target.apply(set([NOTES]));
    const columns = await target.all("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('d1_migrations')");
    expect(columns).toEqual([
      { name: "id", type: "INTEGER", notnull: 0, dflt_value: null, pk: 1 },
      { name: "name", type: "TEXT", notnull: 0, dflt_value: null, pk: 0 },
      { name: "applied_at", type: "TIMESTAMP", notnull: 1, dflt_value: "CURRENT_TIMESTAMP", pk: 0 },
    ]);
    const [table] = await target.all("SELECT sql FROM sqlite_master WHERE name = 'd1_migrations'");
    // wrangler's statement (src/d1/migrations/helpers.ts), as SQLite stores it.
    expect(table?.sql).toBe(
      "CREATE TABLE d1_migrations(\n\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n\t\tname       TEXT UNIQUE,\n\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n)",
    );
  });

  it("rolls a failing file back whole, stops the later ones and keeps the earlier ones", async () => {
    const target = await engine.fresh();
    const bad = file("0002_bad.sql", "CREATE TABLE half_done (x);\nINSERT INTO no_such_table VALUES (1);\n");
    const error = await failure(target.apply(set([NOTES, bad, TAGS])));
    expect(error.code).toBe("migration_failed");
    expect(error.kind).toBe("app");
    expect(error.file).toBe("0002_bad.sql");
    expect(error.message).toContain("0002_bad.sql");
    expect(error.message).toContain("no such table: no_such_table");
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.applied).toEqual([
      { kind: "builtin", name: "0001_users.sql" },
      { kind: "app", name: "0001_create_notes.sql" },
    ]);
    expect(await tableNames(target)).toEqual(["_dorm_migrations", "b_users", "d1_migrations", "notes"]);
    expect(await ledgers(target)).toEqual({
      wrangler: ["0001_create_notes.sql"],
      dorm: ["builtin/0001_users.sql", "app/0001_create_notes.sql"],
    });
    expect((await target.status(set([NOTES, bad, TAGS]))).pending).toEqual([
      { kind: "app", name: "0002_bad.sql" },
      { kind: "app", name: "0003_tags.sql" },
    ]);

    // Once fixed, the run resumes where it stopped.
    const fixed = file("0002_bad.sql", "CREATE TABLE half_done (x);\n");
    expect(await target.apply(set([NOTES, fixed, TAGS]))).toEqual([
      { kind: "app", name: "0002_bad.sql" },
      { kind: "app", name: "0003_tags.sql" },
    ]);
  });

  it("stops before the app's files when a built-in fails", async () => {
    const target = await engine.fresh();
    const broken = file("0001_users.sql", "CREATE TABLE b_users (id INTEGER PRIMARY KEY);\nCREATE TABLE b_users (id);");
    const error = await failure(target.apply(set([NOTES], [broken])));
    expect(error.kind).toBe("builtin");
    expect(error.file).toBe("0001_users.sql");
    expect(error.message).toContain("already exists");
    expect(error.applied).toEqual([]);
    expect(await tableNames(target)).toEqual(["_dorm_migrations", "d1_migrations"]);
  });

  it("reports pending files before anything is applied, without creating the ledgers", async () => {
    const target = await engine.fresh();
    const status = await target.status(set([NOTES, TAGS]));
    expect(status).toEqual({
      applied: [],
      pending: [
        { kind: "builtin", name: "0001_users.sql" },
        { kind: "app", name: "0001_create_notes.sql" },
        { kind: "app", name: "0003_tags.sql" },
      ],
      missing: [],
    });
    expect(await tableNames(target)).toEqual([]);
  });

  it("reports applied files with their time and checksum status", async () => {
    const target = await engine.fresh();
    await target.apply(set([NOTES]));
    const status = await target.status(set([NOTES, TAGS]));
    expect(status.applied).toEqual([
      { kind: "builtin", name: "0001_users.sql", appliedAt: expect.stringMatching(/Z$/), checksum: "ok" },
      { kind: "app", name: "0001_create_notes.sql", appliedAt: expect.stringMatching(/Z$/), checksum: "ok" },
    ]);
    expect(Number.isNaN(Date.parse(status.applied[0]?.appliedAt ?? ""))).toBe(false);
    expect(status.pending).toEqual([{ kind: "app", name: "0003_tags.sql" }]);
    expect(status.missing).toEqual([]);
  });

  it("reports an applied file edited afterwards as changed, not as pending, and does not re-run it", async () => {
    const target = await engine.fresh();
    await target.apply(set([NOTES]));
    const edited = file(NOTES.name, `${NOTES.sql}CREATE TABLE sneaked_in (x);\n`);
    const builtinEdited = file(USERS.name, `-- a comment is an edit too\n${USERS.sql}`);
    const status = await target.status(set([edited], [builtinEdited]));
    expect(status.applied.map((m) => [m.kind, m.name, m.checksum])).toEqual([
      ["builtin", "0001_users.sql", "changed"],
      ["app", "0001_create_notes.sql", "changed"],
    ]);
    expect(status.pending).toEqual([]);
    expect(await target.apply(set([edited], [builtinEdited]))).toEqual([]);
    expect(await tableNames(target)).not.toContain("sneaked_in");
  });

  it("does not count CRLF line endings as an edit", async () => {
    const target = await engine.fresh();
    await target.apply(set([NOTES]));
    const crlf = file(NOTES.name, NOTES.sql.replaceAll("\n", "\r\n"));
    const status = await target.status(set([crlf]));
    expect(status.applied.map((m) => m.checksum)).toEqual(["ok", "ok"]);
  });

  it("counts app files applied by wrangler as applied, with an unknown checksum, and never re-runs them", async () => {
    const target = await engine.fresh();
    await target.wranglerApply(NOTES.name, [
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL)",
      "CREATE INDEX notes_title ON notes (title)",
    ]);
    // Re-running NOTES would fail: "table notes already exists".
    expect(await target.apply(set([NOTES, TAGS]))).toEqual([
      { kind: "builtin", name: "0001_users.sql" },
      { kind: "app", name: "0003_tags.sql" },
    ]);
    const status = await target.status(set([NOTES, TAGS]));
    expect(status.applied.map((m) => [m.name, m.checksum])).toEqual([
      ["0001_users.sql", "ok"],
      ["0001_create_notes.sql", "unknown"],
      ["0003_tags.sql", "ok"],
    ]);
    const notes = status.applied[1];
    expect(notes?.appliedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await ledgers(target)).toEqual({
      wrangler: ["0001_create_notes.sql", "0003_tags.sql"],
      dorm: ["builtin/0001_users.sql", "app/0003_tags.sql"],
    });
  });

  it("reports ledger entries whose file is gone as missing", async () => {
    const target = await engine.fresh();
    const old = file("0002_old_builtin.sql", "CREATE TABLE b_old (x);");
    await target.apply(set([NOTES, TAGS], [USERS, old]));
    const status = await target.status(set([NOTES], [USERS]));
    expect(status.missing).toEqual([
      { kind: "builtin", name: "0002_old_builtin.sql", appliedAt: expect.stringMatching(/Z$/) },
      { kind: "app", name: "0003_tags.sql", appliedAt: expect.stringMatching(/Z$/) },
    ]);
    expect(status.applied.map((m) => m.name)).toEqual(["0001_users.sql", "0001_create_notes.sql"]);
    expect(status.pending).toEqual([]);
  });

  it("runs files with comments, string literals, quoted names and triggers as SQLite reads them", async () => {
    const target = await engine.fresh();
    const tricky = file(
      "0001_tricky.sql",
      [
        "-- Migration number: 0001 \t 2025-01-01T00:00:00.000Z",
        "/* a block comment; with a semicolon",
        "   over two lines */",
        "CREATE TABLE \"odd;name\" (`semi;col` TEXT, [br;acket] TEXT, v TEXT DEFAULT 'it''s; -- not a comment');",
        "INSERT INTO \"odd;name\" (`semi;col`, [br;acket]) VALUES ('a;b', '/* not; a comment */'); -- trailing; comment",
        "CREATE TABLE log (msg TEXT);",
        "CREATE TRIGGER odd_insert AFTER INSERT ON \"odd;name\" BEGIN",
        "  INSERT INTO log (msg) VALUES (CASE WHEN new.v IS NULL THEN 'null;' ELSE 'set;' END);",
        "  INSERT INTO log (msg) VALUES ('second; statement');",
        "END;",
        "INSERT INTO \"odd;name\" (`semi;col`) VALUES ('via trigger')",
        "-- a last comment after the last statement, which storage.sql.exec alone refuses",
      ].join("\r\n"),
    );
    expect(await target.apply(set([tricky], []))).toEqual([{ kind: "app", name: "0001_tricky.sql" }]);
    expect(await target.all('SELECT `semi;col` AS c, [br;acket] AS b, v FROM "odd;name" ORDER BY rowid')).toEqual([
      { c: "a;b", b: "/* not; a comment */", v: "it's; -- not a comment" },
      { c: "via trigger", b: null, v: "it's; -- not a comment" },
    ]);
    // Only the insert after the trigger fires it; both body statements ran.
    expect(await target.all("SELECT msg FROM log ORDER BY rowid")).toEqual([
      { msg: "set;" },
      { msg: "second; statement" },
    ]);
  });

  it("never applies a file without statements (one still being written): it is refused where it is defined", () => {
    // As `wrangler d1 migrations create` and `dorm migrations new` write it.
    expect(() => file("0001_empty.sql", "-- Migration number: 0001 \t 2025-01-01T00:00:00.000Z\n")).toThrow(
      /^0001_empty\.sql: has no SQL statements yet: it is applied once it holds some/,
    );
  });

  it("reports the applied files whose text changed, without applying anything again", async () => {
    const target = await engine.fresh();
    await target.apply(set([NOTES, TAGS]));
    const edited = file(TAGS.name, `${TAGS.sql}\n-- edited`);
    expect(await target.apply(set([NOTES, edited]))).toEqual([]);
    const status = await target.status(set([NOTES, edited]));
    expect(status.applied.filter((m) => m.checksum === "changed").map((m) => m.name)).toEqual([TAGS.name]);
  });

  it("drops one BEGIN … COMMIT pair around a file (as sqlite3 .dump writes) and applies it atomically", async () => {
    const target = await engine.fresh();
    const dump = file(
      "0001_dump.sql",
      "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE dumped (x);\nINSERT INTO dumped VALUES (1);\nCOMMIT;\n",
    );
    expect(await target.apply(set([dump], []))).toEqual([{ kind: "app", name: "0001_dump.sql" }]);
    expect(await target.all("SELECT x FROM dumped")).toEqual([{ x: 1 }]);
  });

  it.each([
    ["ROLLBACK", "CREATE TABLE r (x);\nROLLBACK;"],
    ["SAVEPOINT", "SAVEPOINT s;\nCREATE TABLE r (x);\nRELEASE s;"],
    ["BEGIN without COMMIT", "BEGIN;\nCREATE TABLE r (x);"],
    ["more than one BEGIN or COMMIT", "BEGIN; CREATE TABLE r (x); COMMIT; BEGIN; CREATE TABLE r2 (x); COMMIT;"],
  ])("refuses a file that controls transactions (%s) where it is defined, before anything runs", (what, sql) => {
    let error: unknown;
    try {
      migration("0002_tx.sql", sql);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe("0002_tx.sql");
    expect((error as ConfigError).message).toContain(`contains ${what}`);
  });

  it("applies each file once when two runs race", async () => {
    const target = await engine.fresh();
    const migrations = set([NOTES, AUTHORS, TAGS]);
    const [first, second] = await Promise.all([target.apply(migrations), target.apply(migrations)]);
    expect([...(first ?? []), ...(second ?? [])].map((m) => m.name).sort()).toEqual([
      "0001_create_notes.sql",
      "0001_users.sql",
      "0002_note_authors.sql",
      "0003_tags.sql",
    ]);
    expect(await target.all("SELECT count(*) AS n FROM b_users")).toEqual([{ n: 1 }]);
  });

  it("validates a hand-built set before applying it", async () => {
    const target = await engine.fresh();
    const unsorted = { app: [TAGS, NOTES], builtin: [] };
    const error = await target.apply(unsorted).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe("migrations.app");
    expect(await tableNames(target)).toEqual([]);
  });
});

describe("migrateDo (DurableApp's start)", () => {
  it("names the applied files whose text changed, next to what it applied", async () => {
    const stub = env.SQL.get(env.SQL.idFromName(`migrate-do-${crypto.randomUUID()}`));
    await runInDurableObject(stub, async (_instance, state) => {
      expect(await migrateDo(state.storage, set([NOTES]))).toEqual({
        applied: [{ kind: "builtin", name: USERS.name }, { kind: "app", name: NOTES.name }],
        changed: [],
      });
      const edited = file(NOTES.name, `${NOTES.sql}-- edited\n`);
      const builtinEdited = file(USERS.name, `${USERS.sql}-- edited\n`);
      expect(await migrateDo(state.storage, set([edited, TAGS], [builtinEdited]))).toEqual({
        applied: [{ kind: "app", name: TAGS.name }],
        changed: [{ kind: "builtin", name: USERS.name }, { kind: "app", name: NOTES.name }],
      });
    });
  });
});
