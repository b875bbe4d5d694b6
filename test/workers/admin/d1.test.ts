import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { singleton } from "../../../src/index.ts";
import { runAdminOperation } from "../../../src/admin/run-operation.ts";
import { shardOperations } from "../../../src/admin/shard-operations.ts";
import { d1Mode } from "../../../src/d1/index.ts";
import { adminApp } from "../fixtures/admin-app.ts";
import { ALL_MIGRATIONS, adminRequest, route } from "./helpers.ts";
import type { AdminBody } from "./helpers.ts";

/** Drops every table but the runtime's, so each test starts from an empty D1. */
async function emptyD1(): Promise<void> {
  const { results } = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and name not like '\\_cf\\_%' escape '\\' and name not like 'sqlite\\_%' escape '\\'",
  ).all<{ name: string }>();
  if (results.length > 0) {
    await env.DB.batch(results.map(({ name }) => env.DB.prepare(`drop table "${name.replaceAll('"', '""')}"`)));
  }
}

/** The admin operations over the test D1 database, as the admin routes build them in D1 mode. */
const d1AdminOperations = () => shardOperations(d1Mode<Cloudflare.Env>().database(adminApp, env), adminApp.access?.createAdmin);

describe("admin operations in D1 mode", () => {
  beforeEach(emptyD1);

  it("runs the same four operations against D1", async () => {
    const admin = d1AdminOperations();
    expect((await admin.migrations()).pending).toEqual(ALL_MIGRATIONS);
    expect(await admin.migrate()).toEqual(ALL_MIGRATIONS);
    expect(await admin.migrate()).toEqual([]);
    const status = await admin.migrations();
    expect(status.pending).toEqual([]);
    expect(status.applied.map((m) => m.checksum)).toEqual(["ok", "ok", "ok"]);

    const created = await admin.createAdmin({ email: "ada@example.com", name: "Ada Lovelace" });
    expect(created).toMatchObject({ created: true, user: { first_name: "Ada", last_name: "Lovelace", is_staff: true, is_superuser: true } });
    expect((await admin.createAdmin({ email: "ada@example.com" })).created).toBe(false);

    const stats = await admin.stats();
    // D1's own _cf_KV is skipped (D1 refuses to read it).
    expect(stats.tables).toEqual([
      { name: "dorm_users", rows: 1 },
      { name: "items", rows: 0 },
      { name: 'odd "name" tags', rows: 0 },
    ]);
    expect(stats.ledgers).toEqual([{ name: "_dorm_migrations", rows: 3 }, { name: "d1_migrations", rows: 2 }]);
    expect(stats.databaseSize).toBeGreaterThan(0);
  });

  it("reports typed failures as data through runAdminOperation", async () => {
    const admin = d1AdminOperations();
    expect(await runAdminOperation({ op: "create-admin", input: { email: "ada@example.com" } }, admin)).toMatchObject({
      ok: false,
      error: { code: "not_migrated" },
    });
    await env.DB.prepare("create table items (id integer primary key)").run();
    expect(await runAdminOperation({ op: "migrate" }, admin)).toMatchObject({
      ok: false,
      error: { code: "migration_failed", file: "0001_items.sql", applied: [{ kind: "builtin", name: "0001_dorm_users.sql" }] },
    });
  });

  it("answers the admin routes in the router itself, once, when the mode is d1", async () => {
    const config = { shard: singleton(), d1: d1Mode<Cloudflare.Env>() };
    const migrate = await route(config, adminRequest("migrate", { method: "POST" }));
    expect(migrate.status).toBe(200);
    expect(await migrate.json()).toEqual({
      op: "migrate",
      ok: true,
      results: [{ shard: null, engine: "d1", ok: true, result: { applied: ALL_MIGRATIONS, changed: [] } }],
    });
    const named = await (await route(config, adminRequest("stats?shard=acme"))).json<AdminBody>();
    expect(named.results).toMatchObject([{ shard: "acme", engine: "d1", ok: true }]);
    const bad = await route(config, adminRequest("stats?shard=Not_Valid"));
    expect(bad.status).toBe(400);
    // The mode may come from env per request, as in the demo.
    const perRequest = await route(
      { shard: singleton(), d1: d1Mode<Cloudflare.Env>({ mode: (e) => e.DATABASE_MODE }) },
      adminRequest("migrations"),
      { ...env, DATABASE_MODE: "d1" },
    );
    expect((await perRequest.json<AdminBody>()).results[0]).toMatchObject({ engine: "d1", ok: true, result: { pending: [] } });
  });
});
