import { env } from "cloudflare:workers";
import { listDurableObjectIds } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { access, accessFromEnv } from "../../../src/access/index.ts";
import type { AccessAuthorizeHook, AccessAuthorizeInput } from "../../../src/access/index.ts";
import { adminRoutes } from "../../../src/admin/index.ts";
import { d1Mode } from "../../../src/d1/index.ts";
import { byHeader, createWorker, defineApp, HttpError } from "../../../src/index.ts";
import type { AppDefinition, RouterConfig } from "../../../src/index.ts";
import { accessApp, exemptCalls, fixtureOptions } from "../fixtures/access-app.ts";
import { claims, configError, fixtureKey, fresh, runWorker, sign, tenant, withToken } from "./support.ts";
import type { TestKey } from "./support.ts";

// The `authorize` hook of dorm/access: asked by the router once per request,
// after the token check and after the shard is named, before any object is
// created or woken. The router forwards to AccessApp (the fixture), whose
// own Access check (without a hook) runs again in the object.

type Env = Cloudflare.Env;
type Call = AccessAuthorizeInput<Env>;

let key: TestKey;
beforeAll(async () => {
  key = await fixtureKey();
});

/** An app like the fixture's whose Access has `authorize`, recording every call. */
function hooked(verdict: (input: Call) => ReturnType<AccessAuthorizeHook<Env>>): { app: AppDefinition<Env>; calls: Call[] } {
  const calls: Call[] = [];
  const authorize: AccessAuthorizeHook<Env> = (input) => {
    calls.push(input);
    return verdict(input);
  };
  return { app: defineApp<Env>({ fetch: accessApp.handler, access: access(fixtureOptions, { authorize }) }), calls };
}

const run = (app: AppDefinition<Env>, request: Request, config: Partial<RouterConfig<Env>> = {}) =>
  runWorker({ binding: "ACCESS_APP", app, ...config }, request);

async function objectExists(name: string): Promise<boolean> {
  const id = env.ACCESS_APP.idFromName(name).toString();
  return (await listDurableObjectIds(env.ACCESS_APP)).some((existing) => existing.toString() === id);
}

describe("the authorize hook", () => {
  it("is asked once, at the router, with the shard, the verified identity, the request, env and the request id", async () => {
    const { app, calls } = hooked(() => true);
    const name = fresh("member");
    const token = await sign(key, claims("Ada@Example.COM", { groups: ["staff"] }));
    const ray = "0123456789abcdef-LIS";
    const response = await run(app, tenant(withToken(token, "/me", { headers: { "cf-ray": ray } }), name));
    expect(response.status).toBe(200);
    // Once: the object (whose Access has no hook) does not ask again.
    expect(calls).toHaveLength(1);
    const [call] = calls as [Call];
    expect(call.shard).toBe(name);
    // The email as dorm_users stores it (domain lower-cased), the claims verified.
    expect(call.identity).toMatchObject({ email: "Ada@example.com", service: null });
    expect(call.identity?.claims.groups).toEqual(["staff"]);
    expect(Object.isFrozen(call.identity)).toBe(true);
    expect(call.env).toBe(env);
    // The edge's ray, the id the object logs the same request under.
    expect(call.requestId).toBe(ray);
    expect(new URL(call.request.url).pathname).toBe("/me");
    expect(await objectExists(name)).toBe(true);
  });

  it("sees a service token as { email: null, service }", async () => {
    const { app, calls } = hooked(() => true);
    const token = await sign(key, claims("", { email: undefined, common_name: "ci-bot.access" }));
    expect((await run(app, tenant(withToken(token, "/me"), fresh("svc")))).status).toBe(200);
    expect(calls[0]?.identity).toMatchObject({ email: null, service: "ci-bot.access" });
  });

  it("false answers 403 forbidden in dorm's error shape, and no object is created or woken", async () => {
    const { app, calls } = hooked(() => false);
    const names = [fresh("refused"), fresh("refused")];
    const token = await sign(key, claims());
    const requests = [
      tenant(withToken(token, "/notes"), names[0]!),
      tenant(withToken(token, "/echo", { method: "POST", body: "y".repeat(50_000) }), names[1]!),
    ];
    for (const request of requests) {
      const response = await run(app, request);
      expect(response.status).toBe(403);
      const requestId = response.headers.get("x-dorm-request-id");
      expect(await response.json()).toEqual({ error: "forbidden", message: "not allowed on this shard", requestId });
    }
    expect(calls.map((call) => call.shard)).toEqual(names);
    for (const name of names) expect(await objectExists(name)).toBe(false);
  });

  it("a Response is answered as it is, and no object is created", async () => {
    const name = fresh("teapot");
    const { app } = hooked(() => new Response("no tea here", { status: 418, headers: { "x-why": "app rule" } }));
    const response = await run(app, tenant(withToken(await sign(key, claims()), "/notes"), name));
    expect([response.status, response.headers.get("x-why"), await response.text()]).toEqual([418, "app rule", "no tea here"]);
    expect(await objectExists(name)).toBe(false);
  });

  it("a thrown HttpError answers with its status; any answer but true or a Response refuses (fails closed)", async () => {
    const token = await sign(key, claims());
    const thrower = hooked(() => {
      throw new HttpError(404, "unknown_tenant", "no such tenant");
    });
    const thrown = await run(thrower.app, tenant(withToken(token, "/notes"), fresh("unknown")));
    expect(thrown.status).toBe(404);
    expect(await thrown.json()).toMatchObject({ error: "unknown_tenant", message: "no such tenant" });
    for (const verdict of [undefined, null, "true", 1, {}, Promise.resolve(undefined)]) {
      const name = fresh("loose");
      const { app } = hooked(() => verdict as never);
      const response = await run(app, tenant(withToken(token, "/notes"), name));
      expect([String(verdict), response.status]).toEqual([String(verdict), 403]);
      expect(await objectExists(name)).toBe(false);
    }
    // Anything else thrown is a 500 that says nothing, and still no object.
    const name = fresh("broken");
    const broken = hooked(() => {
      throw new Error("directory unreachable: secret detail");
    });
    const response = await run(broken.app, tenant(withToken(token, "/notes"), name));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret detail");
    expect(await objectExists(name)).toBe(false);
  });

  it("is asked with identity null for exempt paths and the exempt hook, so they cannot create objects either", async () => {
    const { app, calls } = hooked(({ identity }) => identity !== null);
    const health = fresh("health");
    expect((await run(app, tenant(new Request("https://app.test/health"), health))).status).toBe(403);
    const signed = fresh("signed");
    const search = `?signed=ok&marker=${signed}`;
    expect((await run(app, tenant(new Request(`https://app.test/files/a.txt${search}`), signed))).status).toBe(403);
    expect(calls.map((call) => [call.shard, call.identity])).toEqual([
      [health, null],
      [signed, null],
    ]);
    // The exempt hook keeps its stages: the router still asks it without a shard.
    expect(exemptCalls.filter((call) => call.search === search)).toEqual([{ stage: "router", shard: null, search }]);
    expect(await objectExists(health)).toBe(false);
    expect(await objectExists(signed)).toBe(false);
  });

  it("is not asked without a valid token, nor for a shard name the router refuses", async () => {
    const { app, calls } = hooked(() => true);
    const expired = await sign(key, claims("x@example.com", { exp: Math.floor(Date.now() / 1000) - 600 }));
    for (const request of [new Request("https://app.test/notes"), withToken(expired, "/notes"), withToken("garbage", "/notes")]) {
      expect((await run(app, tenant(request, fresh("anon")))).status).toBe(401);
    }
    const token = await sign(key, claims());
    for (const name of ["../etc", "Acme", "a".repeat(300), "a_b", "a b", "-x"]) {
      expect([name, (await run(app, tenant(withToken(token, "/notes"), name))).status]).toEqual([name, 400]);
    }
    expect(calls).toEqual([]);
  });

  it("is not asked when Access is off for the env (no identity exists)", async () => {
    const calls: Call[] = [];
    const off = access<Env>(() => null, {
      authorize: (input) => {
        calls.push(input);
        return false;
      },
    });
    // The router's own Access, off for this env; the object behind checks with the fixture's.
    const response = await run(accessApp, new Request("https://app.test/health"), { access: off });
    expect(response.status).toBe(200);
    expect(calls).toEqual([]);
  });

  it("runs before D1 mode touches its database", async () => {
    // A binding that does not exist: reaching D1 mode's step answers 500.
    const d1 = d1Mode<Env>({ binding: "NO_SUCH_D1" });
    const token = await sign(key, claims());
    const refused = hooked(() => false);
    expect((await run(refused.app, withToken(token, "/notes"), { d1 })).status).toBe(403);
    const admitted = hooked(() => true);
    expect((await run(admitted.app, withToken(token, "/notes"), { d1 })).status).toBe(500);
    expect([refused.calls.length, admitted.calls.length]).toEqual([1, 1]);
  });

  it("leaves the admin routes alone: they answer before Access, to their bearer token", async () => {
    const { app, calls } = hooked(() => false);
    const admin = adminRoutes<Env>({ token: () => "a-test-admin-token-0123456789" });
    const response = await run(app, new Request("https://app.test/_dorm/admin/stats"), { admin });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="dorm admin"');
    expect(calls).toEqual([]);
  });
});

describe("configuration", () => {
  it("refuses createWorker({ access: false }) for an app whose Access has a hook: nobody would authorize", () => {
    const { app } = hooked(() => true);
    const shard = byHeader("x-tenant");
    expect(configError(() => createWorker<Env>({ binding: "ACCESS_APP", shard, app, access: false })).option).toBe("access");
    // The router's own Access without the hook would skip it as well.
    const plain = access<Env>(fixtureOptions);
    expect(configError(() => createWorker<Env>({ binding: "ACCESS_APP", shard, app, access: plain })).option).toBe("access");
    // Fine: the app's own, or the same feature given twice, or no hook anywhere.
    expect(() => createWorker<Env>({ binding: "ACCESS_APP", shard, app })).not.toThrow();
    expect(() => createWorker<Env>({ binding: "ACCESS_APP", shard, app, access: app.access! })).not.toThrow();
    expect(() => createWorker<Env>({ binding: "ACCESS_APP", shard, app: accessApp, access: false })).not.toThrow();
  });

  it("refuses an authorize that is not a function, in access() and accessFromEnv()", () => {
    for (const authorize of ["yes", 1, {}, null, true]) {
      expect(configError(() => access<Env>(fixtureOptions, { authorize: authorize as never })).option).toBe("access.authorize");
      expect(configError(() => accessFromEnv<Env>({ authorize: authorize as never })).option).toBe("access.authorize");
    }
    expect(access<Env>(fixtureOptions).authorizes).toBe(false);
    expect(accessFromEnv<Env>({ authorize: () => true }).authorizes).toBe(true);
  });
});
