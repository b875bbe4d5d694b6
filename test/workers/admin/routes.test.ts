import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { byHeader, createWorker, custom, defineApp, singleton } from "../../../src/index.ts";
import { adminApi, adminRoutes } from "../../../src/admin/index.ts";
import { ALL_MIGRATIONS, adminRequest, adminStub, fresh, route, routeText } from "./helpers.ts";
import type { AdminBody } from "./helpers.ts";

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("admin HTTP routes on the router", () => {
  it("runs each operation on the strategy's default shard", async () => {
    const name = fresh("default");
    const shard = byHeader("x-tenant", { default: name });
    const migrate = await route({ shard }, adminRequest("migrate", { method: "POST" }));
    expect(migrate.status).toBe(200);
    expect(migrate.headers.get("x-dorm-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await migrate.json()).toEqual({
      op: "migrate",
      ok: true,
      results: [{ shard: name, engine: "do", ok: true, result: { applied: ALL_MIGRATIONS, changed: [] } }],
    });

    const status = await (await route({ shard }, adminRequest("migrations"))).json<AdminBody>();
    expect(status.results[0]).toMatchObject({ shard: name, ok: true, result: { pending: [], missing: [] } });

    const created = await route({ shard }, adminRequest("create-admin", json({ email: "ada@example.com", name: "Ada" })));
    expect(created.status).toBe(200);
    expect((await created.json<AdminBody>()).results[0]).toMatchObject({
      ok: true,
      result: { created: true, user: { email: "ada@example.com", is_staff: true, is_superuser: true } },
    });

    const stats = await (await route({ shard }, adminRequest("stats"))).json<AdminBody>();
    expect(stats.results[0]).toMatchObject({
      ok: true,
      result: { tables: expect.arrayContaining([{ name: "dorm_users", rows: 1 }]) },
    });
    // The same object answered: what the RPC stub sees is what HTTP did.
    expect((await adminStub(name).stats()).tables).toContainEqual({ name: "dorm_users", rows: 1 });
  });

  it("targets ?shard= when given, validated like any shard name", async () => {
    const shard = singleton("main");
    const name = fresh("named");
    const response = await route({ shard }, adminRequest(`migrate?shard=${name}`, { method: "POST" }));
    expect((await response.json<AdminBody>()).results.map((r) => r.shard)).toEqual([name]);
    expect((await adminStub(name).migrations()).pending).toEqual([]);

    for (const bad of ["Upper", "../x", "", "a".repeat(300), "%00"]) {
      const refused = await route({ shard }, adminRequest(`stats?shard=${encodeURIComponent(bad)}`));
      expect(refused.status, bad).toBe(400);
      expect((await refused.json<AdminBody>()).error).toBe("invalid_shard");
    }
    const twice = await route({ shard }, adminRequest("stats?shard=a&shard=b"));
    expect(twice.status).toBe(400);
  });

  it("answers 400 shard_required when the strategy has neither a default nor a list", async () => {
    const response = await route({ shard: custom(() => "x") }, adminRequest("stats"));
    expect(response.status).toBe(400);
    expect((await response.json<AdminBody>()).error).toBe("shard_required");
  });

  it("answers 404 for an unknown operation and 405 with Allow for another method", async () => {
    const shard = singleton(fresh("s"));
    for (const path of ["nope", "", "migrate/", "stats/x", "Stats"]) {
      const response = await route({ shard }, adminRequest(path));
      expect(response.status, path).toBe(404);
      expect((await response.json<AdminBody>()).error).toBe("unknown_operation");
    }
    const bare = await route({ shard }, new Request("https://dorm.test/_dorm/admin", { headers: { authorization: "Bearer x" } }));
    expect(bare.status).toBe(401);
    const cases: [string, string, string][] = [
      ["migrate", "GET", "POST"],
      ["migrations", "POST", "GET"],
      ["create-admin", "GET", "POST"],
      ["stats", "DELETE", "GET"],
    ];
    for (const [op, method, allow] of cases) {
      const response = await route({ shard }, adminRequest(op, { method, ...(method === "POST" && { body: "ignored" }) }));
      expect(response.status, `${method} ${op}`).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect((await response.json<AdminBody>()).error).toBe("method_not_allowed");
    }
  });

  it("refuses a bad create-admin body before calling any shard", async () => {
    const name = fresh("body");
    const shard = singleton(name);
    const cases: [RequestInit, number, string][] = [
      [{ method: "POST", body: '{"email":"a@example.com"}' }, 415, "unsupported_media_type"],
      [{ method: "POST", headers: { "content-type": "application/json" }, body: "{" }, 400, "invalid_json"],
      [json({ name: "no email" }), 400, "invalid_input"],
      [json({ email: "not-an-email" }), 400, "invalid_input"],
      [json({ email: "a@example.com", name: "x".repeat(200) }), 400, "invalid_input"],
      [json({ email: "a@example.com", pad: "x".repeat(10_000) }), 413, "payload_too_large"],
    ];
    for (const [init, status, code] of cases) {
      const response = await route({ shard }, adminRequest("create-admin", init));
      expect(response.status, String(init.body).slice(0, 40)).toBe(status);
      expect((await response.json<AdminBody>()).error).toBe(code);
    }
    // No shard was called: that object never migrated, so nothing is there.
    expect((await adminStub(name).stats()).tables).toEqual([]);
  });

  it("reports a shard's failure with its code: 500 admin_failed with every report", async () => {
    const name = fresh("nomigrate");
    const response = await route({ shard: singleton(name) }, adminRequest("create-admin", json({ email: "a@example.com" })));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: "admin_failed",
      message: "1 of 1 shard failed",
      requestId: response.headers.get("x-dorm-request-id"),
      op: "create-admin",
      ok: false,
      results: [
        {
          shard: name,
          engine: "do",
          ok: false,
          error: { code: "not_migrated", message: "dorm_users does not exist: apply dorm's migrations first (migrate)" },
        },
      ],
    });
  });

  it("streams one line per shard when asked for NDJSON", async () => {
    const name = fresh("stream");
    const { response, text } = await routeText(
      { shard: singleton(name) },
      adminRequest("migrate", { method: "POST", headers: { accept: "application/x-ndjson" } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const lines = text.trim().split("\n").map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { type: "start", op: "migrate", targets: [name] },
      { type: "shard", shard: name, engine: "do", ok: true, result: { applied: ALL_MIGRATIONS, changed: [] } },
      { type: "end", ok: true, failed: 0, total: 1 },
    ]);
  });

  it("leaves every other path to the next steps", async () => {
    const name = fresh("app");
    await adminStub(name).migrate();
    for (const path of ["/_dorm/adminx", "/_dorm/", "/x/_dorm/admin/stats"]) {
      // The fixture app has Access on: its refusal, not the admin routes' Bearer 401.
      const response = await route({ shard: singleton(name) }, new Request(`https://dorm.test${path}`));
      expect(response.status, path).toBe(401);
      expect(response.headers.get("www-authenticate"), path).toBeNull();
      expect(await response.json(), path).toMatchObject({ message: "a valid Cloudflare Access token is required" });
      // With the router's Access pre-check off, the request reaches the object, which checks again.
      const forwarded = await route({ shard: singleton(name), access: false }, new Request(`https://dorm.test${path}`));
      expect(forwarded.status, path).toBe(401);
      expect(forwarded.headers.get("www-authenticate"), path).toBeNull();
    }
  });

  it("answers before Access: the token, not an Access JWT, admits an admin call", async () => {
    const name = fresh("access");
    // The fixture app has Access on (team dorm-test): the app answers 401 without a JWT.
    const config = { shard: singleton(name) };
    const app = await route(config, new Request("https://dorm.test/anything"));
    expect(app.status).toBe(401);
    const admin = await route(config, adminRequest("migrations"));
    expect(admin.status).toBe(200);
    expect((await admin.json<AdminBody>()).results[0]?.shard).toBe(name);
  });

  it("checks the token option where it is created", () => {
    expect(() => adminRoutes({ token: "secret" as never })).toThrow(/^adminRoutes.token: must be a function/);
    expect(() => adminRoutes(null as never)).toThrow(/^adminRoutes: needs an options object/);
    expect(() => defineApp({ fetch: () => new Response(), admin: {} as never })).toThrow(/^admin: must come from adminApi\(\) of dorm\/admin/);
    expect(() => createWorker({ binding: "ADMIN_APP", shard: singleton(), admin: {} as never })).toThrow(/^admin: must come from adminRoutes\(\) of dorm\/admin/);
  });

  it("are not there unless mounted: the paths reach the object", async () => {
    const response = await route({ binding: "ECHO", shard: singleton(fresh("plain")), admin: undefined, access: false }, adminRequest("migrations"));
    // ECHO answers with what it received: the request was forwarded, not answered by admin routes.
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ url: "https://dorm.test/_dorm/admin/migrations" });
  });

  it("reports a class that is not a DurableApp as shard_failed", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await route({ binding: "ECHO", shard: singleton(fresh("echo")) }, adminRequest("stats"));
      expect(response.status).toBe(500);
      const body = await response.json<AdminBody>();
      expect(body.results[0]).toMatchObject({ ok: false, error: { code: "shard_failed" } });
      expect(JSON.stringify(body)).toMatch(/dormAdmin/);
      expect(env.ECHO).toBeDefined();
    } finally {
      error.mockRestore();
    }
  });
});
