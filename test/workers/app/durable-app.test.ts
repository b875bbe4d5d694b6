import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { ConfigError, defineApp } from "../../../src/index.ts";
import { migration } from "../../../src/migrations/index.ts";

let counter = 0;
const fresh = (prefix: string) => `${prefix}-${Date.now()}-${counter++}`;

function testStub(name = fresh("app")) {
  return env.TEST_APP.get(env.TEST_APP.idFromName(name));
}

describe("DurableApp", () => {
  it("builds the request context: shard from ctx.id.name, request id, no user yet", async () => {
    const name = fresh("ctx");
    const id = crypto.randomUUID();
    const res = await testStub(name).fetch("https://app/context", { headers: { "x-dorm-request-id": id } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ shard: name, requestId: id, user: null, engine: "do", object: name });
  });

  it("never takes a malformed request id from the header", async () => {
    const res = await testStub().fetch("https://app/context", {
      headers: { "x-dorm-request-id": "evil id <script>" },
    });
    const body = await res.json<{ requestId: string }>();
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("applies migrations before the first request and serves the app", async () => {
    const stub = testStub();
    expect((await stub.fetch("https://app/items", { method: "POST", body: "hello" })).status).toBe(201);
    const items = await (await stub.fetch("https://app/items")).json<{ label: string }[]>();
    expect(items.map((i) => i.label)).toEqual(["from onStart", "hello"]);
  });

  it("turns a thrown error into a 500 without details and logs it with the request id", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const res = await testStub().fetch("https://app/throw");
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain("secret detail");
      expect(text).not.toContain("at ");
      const body = JSON.parse(text) as { error: string; requestId: string };
      expect(body.error).toBe("internal_error");
      const logged = spy.mock.calls.map((c) => String(c[0])).find((l) => l.includes(body.requestId));
      expect(logged).toBeDefined();
      expect(JSON.parse(logged!)).toMatchObject({ logger: "dorm.app", requestId: body.requestId });
      expect(logged).toContain("secret detail");
    } finally {
      spy.mockRestore();
    }
  });

  it("takes the request id from x-dorm-request-id, else a well-formed cf-ray, else makes one", async () => {
    const idOf = async (headers: Record<string, string>) => {
      const spy = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        return ((await (await testStub().fetch("https://app/throw", { headers })).json()) as { requestId: string }).requestId;
      } finally {
        spy.mockRestore();
      }
    };
    const ray = "8c5f2c4d8b3a1e2f-LHR";
    const uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect(await idOf({ "cf-ray": ray })).toBe(ray);
    expect(await idOf({ "x-dorm-request-id": uuid, "cf-ray": ray })).toBe(uuid);
    expect(await idOf({ "x-dorm-request-id": ray })).toBe(ray);
    // Hostile or malformed values are never taken as an id.
    for (const bad of ["<script>", "8C5F2C4D8B3A1E2F-LHR", "8c5f2c4d8b3a1e2f-LHR, 8c5f2c4d8b3a1e2f-AMS", "a".repeat(300)]) {
      const id = await idOf({ "x-dorm-request-id": bad, "cf-ray": bad });
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it("turns an HttpError into its status, code and headers", async () => {
    const res = await testStub().fetch("https://app/teapot");
    expect(res.status).toBe(418);
    expect(res.headers.get("x-kettle")).toBe("1");
    expect(await res.json()).toEqual({ error: "teapot", message: "short and stout", requestId: expect.any(String) });
  });

  it("answers 500 when the handler returns no Response", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const res = await testStub().fetch("https://app/undefined");
      expect(res.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
  });

  it("runs initialisation before an RPC call, even as the first call", async () => {
    const state = await testStub().startState();
    expect(state.startedAt).not.toBeNull();
    expect(state.labels).toEqual(["from onStart"]);
  });

  it("sends alarms to onAlarm", async () => {
    const stub = testStub();
    await stub.scheduleAlarm();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const state = await stub.startState();
    expect(state.labels).toContain("from alarm");
  });

  it("keeps work passed to waitUntil", async () => {
    const stub = testStub();
    expect(await (await stub.fetch("https://app/wait")).text()).toBe("waiting");
    await vi.waitFor(async () => {
      expect((await stub.startState()).labels).toContain("from waitUntil");
    });
  });

  it("keeps its migrations applied, and initialises again after eviction", async () => {
    const stub = testStub();
    await stub.startState();
    await evictDurableObject(stub);
    const tables = await runInDurableObject(stub, (_i, state) =>
      state.storage.sql.exec("select name from sqlite_master where type='table'").toArray().map((r) => r.name),
    );
    expect(tables).toEqual(expect.arrayContaining(["items", "d1_migrations", "_dorm_migrations"]));
    // No feature of this app brings a built-in migration: no users table.
    expect(tables).not.toContain("dorm_users");
    // onStart ran once per start: two starts, two rows.
    expect((await stub.startState()).labels.filter((l) => l === "from onStart")).toHaveLength(2);
  });
});

describe("DurableApp with a failing migration", () => {
  it("answers 503 migration_failed naming the file, leaves no trace of it, keeps RPC working", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const stub = env.BROKEN_APP.get(env.BROKEN_APP.idFromName(fresh("broken")));
      const res = await stub.fetch("https://app/anything");
      expect(res.status).toBe(503);
      const body = await res.json<{ error: string; message: string; file: string }>();
      expect(body.error).toBe("migration_failed");
      expect(body.file).toBe("0002_half.sql");
      expect(body.message).toMatch(/no such table/i);
      const tables = await stub.tables();
      expect(tables).toContain("good");
      expect(tables).not.toContain("half");
      expect(tables).not.toContain("later");
      // Still failing after a restart, still answering.
      await evictDurableObject(stub);
      expect((await stub.fetch("https://app/again")).status).toBe(503);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("DurableApp with autoMigrate off", () => {
  it("applies nothing on start", async () => {
    const stub = env.MANUAL_APP.get(env.MANUAL_APP.idFromName(fresh("manual")));
    expect(await stub.tables()).toEqual([]);
  });
});

describe("defineApp", () => {
  it("refuses a handler that is neither a function nor has fetch", () => {
    expect(() => defineApp({ fetch: 42 as never })).toThrow(ConfigError);
    expect(() => defineApp({ fetch: {} as never })).toThrow(/fetch/);
  });

  it("accepts a plain function", async () => {
    const app = defineApp({ fetch: () => new Response("fn") });
    expect(typeof app.handler.fetch).toBe("function");
  });

  it("validates migration names where the app is defined", () => {
    expect(() => defineApp({ fetch: () => new Response(""), migrations: [migration("bad.sql", "")] })).toThrow(
      ConfigError,
    );
  });
});
