import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ALL_MIGRATIONS, adminStub, fresh, rejection } from "./helpers.ts";

// Every call here goes through a Durable Object stub, as a worker's would.
describe("admin RPC on DurableApp", () => {
  it("migrate applies what is pending (built-ins first) and then nothing", async () => {
    const stub = adminStub();
    expect(await stub.migrate()).toEqual(ALL_MIGRATIONS);
    expect(await stub.migrate()).toEqual([]);
  });

  it("migrations reports pending files, then applied ones with time and checksum status", async () => {
    const stub = adminStub();
    const before = await stub.migrations();
    expect(before).toEqual({ applied: [], pending: ALL_MIGRATIONS, missing: [] });
    const started = Date.now();
    await stub.migrate();
    const after = await stub.migrations();
    expect(after.pending).toEqual([]);
    expect(after.missing).toEqual([]);
    expect(after.applied.map(({ kind, name, checksum }) => ({ kind, name, checksum }))).toEqual(
      ALL_MIGRATIONS.map((m) => ({ ...m, checksum: "ok" })),
    );
    for (const { appliedAt } of after.applied) {
      expect(appliedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(Date.parse(appliedAt)).toBeGreaterThanOrEqual(started - 60_000);
    }
  });

  it("createAdmin creates a staff superuser, then promotes an existing user", async () => {
    const stub = adminStub();
    await stub.migrate();
    const first = await stub.createAdmin({ email: "Ada@Example.COM", name: "  Ada   King Lovelace " });
    expect(first.created).toBe(true);
    expect(first.user).toMatchObject({
      email: "Ada@example.com",
      username: "Ada@example.com",
      first_name: "Ada",
      last_name: "King Lovelace",
      is_active: true,
      is_staff: true,
      is_superuser: true,
      last_login: null,
    });
    expect(Date.parse(first.user.date_joined)).not.toBeNaN();

    // Promote: same row, name kept when none (or a blank one) is given, flags set.
    const again = await stub.createAdmin({ email: "Ada@example.com", name: "   " });
    expect(again.created).toBe(false);
    expect(again.user).toEqual(first.user);

    // A deactivated user is promoted but stays inactive: reactivating is another decision.
    await stub.deactivate("Ada@example.com");
    const renamed = await stub.createAdmin({ email: "Ada@example.com", name: "Ada Byron" });
    expect(renamed.created).toBe(false);
    expect(renamed.user).toMatchObject({ id: first.user.id, first_name: "Ada", last_name: "Byron", is_active: false });
  });

  it("createAdmin refuses bad input with a message naming the field, and writes nothing", async () => {
    const stub = adminStub();
    await stub.migrate();
    const cases: [unknown, RegExp][] = [
      [{}, /^AdminError: email: is required/],
      [{ email: 42 }, /^AdminError: email: is required/],
      [{ email: "no-at-sign" }, /^AdminError: email: must look like/],
      [{ email: "two@@example.com" }, /^AdminError: email: must look like/],
      [{ email: "a b@example.com" }, /^AdminError: email: must look like/],
      [{ email: "ada@localhost" }, /^AdminError: email: must look like/],
      [{ email: "ada@example.com\nx" }, /^AdminError: email: must look like/],
      [{ email: `${"a".repeat(250)}@example.com` }, /^AdminError: email: longer than 254/],
      [{ email: "ada@example.com", name: "x".repeat(151) }, /^AdminError: name: longer than 150/],
      [{ email: "ada@example.com", name: "Ada\u0000" }, /^AdminError: name: must not contain control/],
      [{ email: "ada@example.com", name: 7 }, /^AdminError: name: must be a string/],
      [null, /^AdminError: input must be an object/],
    ];
    for (const [input, message] of cases) {
      expect(await rejection(stub.createAdmin(input as never)), JSON.stringify(input)).toMatch(message);
    }
    // The code survives RPC as a property, and as data over dormAdmin (what the router calls).
    expect(await stub.createAdmin({ email: "nope" }).catch((error: { code?: string }) => error.code)).toBe("invalid_input");
    const outcome = await stub.dormAdmin({ op: "create-admin", input: { email: "nope" } });
    expect(outcome).toEqual({ ok: false, error: { code: "invalid_input", message: "email: must look like name@example.com" } });
    expect((await stub.stats()).tables.find((t) => t.name === "dorm_users")?.rows).toBe(0);
  });

  it("createAdmin before migrate says to migrate first", async () => {
    const stub = adminStub();
    expect(await rejection(stub.createAdmin({ email: "ada@example.com" }))).toMatch(/dorm_users does not exist/);
    const outcome = await stub.dormAdmin({ op: "create-admin", input: { email: "ada@example.com" } });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.code).toBe("not_migrated");
  });

  it("stats lists tables with row counts, ledgers apart, no _cf_ tables, and the database size", async () => {
    const stub = adminStub();
    const empty = await stub.stats();
    expect(empty.tables).toEqual([]);
    expect(empty.ledgers).toEqual([]);
    await stub.migrate();
    await stub.addItems(3);
    await stub.createAdmin({ email: "ada@example.com" });
    const stats = await stub.stats();
    expect(stats.tables).toEqual([
      { name: "dorm_users", rows: 1 },
      { name: "items", rows: 3 },
      { name: 'odd "name" tags', rows: 0 },
    ]);
    expect(stats.ledgers).toEqual([{ name: "_dorm_migrations", rows: 3 }, { name: "d1_migrations", rows: 2 }]);
    expect(stats.databaseSize).toBeGreaterThan(0);
    expect(Number.isInteger(stats.databaseSize)).toBe(true);
  });

  it("a failed migrate reports the file and what it applied before it; the failed file left nothing", async () => {
    const stub = adminStub();
    await stub.sabotage();
    expect(await rejection(stub.migrate())).toMatch(/app migration 0001_items\.sql: .*already exists/);
    const outcome = await stub.dormAdmin({ op: "migrate" });
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: "migration_failed", file: "0001_items.sql", applied: [] },
    });
    const status = await stub.migrations();
    // The built-in applied by the first call stays applied; the app files are pending.
    expect(status.applied.map((m) => m.name)).toEqual(["0001_dorm_users.sql"]);
    expect(status.pending.map((m) => m.name)).toEqual(["0001_items.sql", "0002_tags.sql"]);
  });

  it("migrate over dormAdmin reports the applied files edited since, without running them again", async () => {
    const stub = adminStub();
    expect(await stub.dormAdmin({ op: "migrate" })).toEqual({ ok: true, result: { applied: ALL_MIGRATIONS, changed: [] } });
    // As if 0001_items.sql had been edited after it was applied: its recorded checksum no longer matches.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE _dorm_migrations SET checksum = ? WHERE name = '0001_items.sql'", "0".repeat(64));
    });
    expect(await stub.dormAdmin({ op: "migrate" })).toEqual({
      ok: true,
      result: { applied: [], changed: [{ kind: "app", name: "0001_items.sql" }] },
    });
  });

  it("answers not_available without the admin feature, and createAdmin without Access", async () => {
    // TestApp's app has no `admin`: the RPC methods refuse, dormAdmin says so as data.
    const plain = env.TEST_APP.get(env.TEST_APP.idFromName(fresh("plain")));
    expect(await rejection(plain.migrate())).toMatch(/^AdminError: needs defineApp\(\{ admin: adminApi\(\) \}\)$/);
    expect(await plain.dormAdmin({ op: "stats" })).toEqual({
      ok: false,
      error: { code: "not_available", message: "needs defineApp({ admin: adminApi() })" },
    });
    // AdminRecoverApp has admin but no Access: no users table, so no createAdmin.
    const noAccess = env.ADMIN_RECOVER_APP.get(env.ADMIN_RECOVER_APP.idFromName(fresh("no-access")));
    const outcome = await noAccess.dormAdmin({ op: "create-admin", input: { email: "ada@example.com" } });
    expect(outcome).toMatchObject({ ok: false, error: { code: "not_available" } });
    expect(JSON.stringify(outcome)).toContain("comes with Access");
  });

  it("refuses an unknown operation over dormAdmin", async () => {
    const outcome = await adminStub().dormAdmin({ op: "drop-everything" } as never);
    expect(outcome).toEqual({ ok: false, error: { code: "unknown_operation", message: 'no admin operation "drop-everything"' } });
  });

  it("works while a failed start-up migration keeps requests at 503, and migrate recovers the object", async () => {
    const stub = env.ADMIN_RECOVER_APP.get(env.ADMIN_RECOVER_APP.idFromName(fresh("recover")));
    const refused = await stub.fetch("https://app/");
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: "migration_failed", file: "0002_needs_fixme.sql" });
    const status = await stub.migrations();
    expect(status.pending).toEqual([{ kind: "app", name: "0002_needs_fixme.sql" }]);
    expect(await stub.startCount()).toBe(0);

    await stub.fix();
    expect(await stub.migrate()).toEqual([{ kind: "app", name: "0002_needs_fixme.sql" }]);
    expect(await stub.startCount()).toBe(1);
    const served = await stub.fetch("https://app/");
    expect(served.status).toBe(200);
    expect(await served.text()).toBe("serving");
  });
});
