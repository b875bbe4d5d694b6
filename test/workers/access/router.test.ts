import { env } from "cloudflare:workers";
import { listDurableObjectIds } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { access, defineAccess } from "../../../src/access/index.ts";
import { adminRoutes } from "../../../src/admin/index.ts";
import { d1Mode } from "../../../src/d1/index.ts";
import { sql } from "../../../src/index.ts";
import { createD1Database } from "../../../src/db/d1-database.ts";
import type { RouterConfig } from "../../../src/index.ts";
import { accessApp, exemptCalls } from "../fixtures/access-app.ts";
import { claims, fixtureKey, fresh, runWorker, sign, tenant, withToken } from "./support.ts";
import type { TestKey } from "./support.ts";

let key: TestKey;
beforeAll(async () => {
  key = await fixtureKey();
});

const run = (config: Partial<RouterConfig<Cloudflare.Env>>, request: Request) =>
  runWorker({ binding: "ACCESS_APP", app: accessApp, ...config }, request);

async function existing(): Promise<Set<string>> {
  return new Set((await listDurableObjectIds(env.ACCESS_APP)).map((id) => id.toString()));
}

const idOf = (name: string) => env.ACCESS_APP.idFromName(name).toString();

describe("router pre-check", () => {
  it("creates no Durable Object for unauthenticated requests with fresh tenant names", async () => {
    const tenants = Array.from({ length: 5 }, () => fresh("nobody"));
    const expired = await sign(key, claims("x@example.com", { exp: Math.floor(Date.now() / 1000) - 600 }));
    for (const [i, name] of tenants.entries()) {
      const request = i % 2 === 0 ? new Request("https://app.test/notes") : withToken(expired, "/notes");
      const response = await run({}, tenant(request, name));
      expect(response.status).toBe(401);
      expect(response.headers.get("x-dorm-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    const ids = await existing();
    for (const name of tenants) expect(ids.has(idOf(name))).toBe(false);

    // The control: an authenticated request with a fresh name does create its object.
    const welcome = fresh("somebody");
    const response = await run({}, tenant(withToken(await sign(key, claims()), "/me"), welcome));
    expect(response.status).toBe(200);
    expect((await existing()).has(idOf(welcome))).toBe(true);
  });

  it("runs after the shard is named: an invalid tenant gets 400 with or without a token, and no object", async () => {
    const token = await sign(key, claims());
    for (const request of [new Request("https://app.test/"), withToken(token, "/")]) {
      const response = await run({}, tenant(request, "../etc"));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_shard" });
    }
  });

  it("refuses a POST without reading more than it must, and without reaching the object", async () => {
    const name = fresh("post");
    const request = tenant(new Request("https://app.test/echo", { method: "POST", body: "y".repeat(50_000) }), name);
    expect((await run({}, request)).status).toBe(401);
    expect((await existing()).has(idOf(name))).toBe(false);
  });

  it("lets the object answer when turned off (access: false): the object still checks", async () => {
    const name = fresh("nocheck");
    const response = await run({ access: false }, tenant(new Request("https://app.test/me"), name));
    expect(response.status).toBe(401);
    // Without the pre-check the object was woken to refuse it.
    expect((await existing()).has(idOf(name))).toBe(true);
  });

  it("the router's own access setting wins over the app's", async () => {
    const other = access({ teamName: "someone-else", certsUrl: "http://127.0.0.1:1/certs" });
    const response = await run({ access: other }, withToken(await sign(key, claims()), "/me"));
    expect(response.status).toBe(401);
  });

  it("skips the admin routes when they are mounted (they answer to their bearer token)", async () => {
    const admin = adminRoutes<Cloudflare.Env>({ token: () => "a-test-admin-token-0123456789" });
    const via = (path: string) => run({ admin }, new Request(`https://app.test${path}`));
    // The admin routes' own 401 (Bearer realm), not Access's.
    for (const path of ["/_dorm/admin/migrations", "/_dorm/admin"]) {
      const response = await via(path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get("www-authenticate"), path).toBe('Bearer realm="dorm admin"');
    }
    for (const path of ["/_dorm/administrator", "/notes"]) {
      const response = await via(path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get("www-authenticate"), path).toBeNull();
    }
    // Without admin routes, the admin paths are the app's, under Access.
    expect((await run({}, new Request("https://app.test/_dorm/admin/migrations"))).headers.get("www-authenticate")).toBeNull();
  });
});

describe("D1 mode", () => {
  it("checks Access and keeps users in D1, with the same app definition", async () => {
    const config = { d1: d1Mode<Cloudflare.Env>({ autoMigrate: true }) };
    expect((await run(config, new Request("https://app.test/me"))).status).toBe(401);
    const email = `${fresh("d1user")}@example.com`;
    const response = await run(config, withToken(await sign(key, claims(email, { name: "Dee One" })), "/me"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ email, name: "Dee One" });
    const row = await createD1Database(env.DB).first<{ username: string; first_name: string }>(
      sql`select username, first_name from dorm_users where email = ${email}`,
    );
    expect(row).toEqual({ username: email, first_name: "Dee" });

    await env.DB.prepare("update dorm_users set is_active = 0 where email = ?").bind(email).run();
    expect((await run(config, withToken(await sign(key, claims(email)), "/me"))).status).toBe(403);
  });

  it("checks Access in the app even with the router's pre-check off", async () => {
    const config = { d1: d1Mode<Cloudflare.Env>({ autoMigrate: true }), access: false as const };
    expect((await run(config, new Request("https://app.test/me"))).status).toBe(401);
  });
});

describe("the exempt hook (signed URLs and the like)", () => {
  it("is asked by the router without a shard, then by the object with its shard, which decides", async () => {
    const name = fresh("signed");
    const search = `?signed=ok&marker=${name}`;
    const ok = await run({}, tenant(new Request(`https://app.test/files/a.txt${search}`), name));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ path: "/files/a.txt", user: null });
    expect(exemptCalls.filter((call) => call.search === search)).toEqual([
      { stage: "router", shard: null, search },
      { stage: "app", shard: name, search },
    ]);
    // Let through by the router's cheap look, refused by the object's check.
    expect((await run({}, tenant(new Request("https://app.test/files/a.txt?signed=forged"), name))).status).toBe(401);
    // Straight to the stub: the object's check alone.
    const direct = env.ACCESS_APP.get(env.ACCESS_APP.idFromName(fresh("signed-direct")));
    expect((await direct.fetch("https://app.test/files/a.txt?signed=ok")).status).toBe(200);
    expect((await direct.fetch("https://app.test/files/a.txt?signed=forged")).status).toBe(401);
  });
});
