import { env } from "cloudflare:workers";
import { createExecutionContext, listDurableObjectIds, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConfigError, byHeader, createWorker } from "../../../src/index.ts";
import type { RouterConfig } from "../../../src/index.ts";
import { d1Mode } from "../../../src/d1/index.ts";
import { brokenApp } from "../fixtures/broken-app.ts";
import { testApp } from "../fixtures/test-app.ts";
import { captureConsole } from "./helpers.ts";

type Env = Cloudflare.Env & { MODE?: string | undefined };

async function call(config: RouterConfig<Env>, request: Request, testEnv: Env = env): Promise<Response> {
  const worker = createWorker<Env>(config);
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, testEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const shard = byHeader("x-tenant", { default: "default" });
const d1Only: RouterConfig<Env> = { d1: d1Mode(), app: testApp, shard };
const d1Migrating: RouterConfig<Env> = { d1: d1Mode({ autoMigrate: true }), app: testApp, shard };

// Local D1 storage is shared by the tests of one file, so they run in order:
// nothing applied first, then the automatic run, then the failing app.
describe("D1 mode in the router", () => {
  it("refuses bad mode options at creation, naming the option", () => {
    const cases: Array<[() => unknown, string]> = [
      [() => createWorker({ d1: d1Mode(), shard }), "app"],
      [() => createWorker({ d1: d1Mode({ mode: () => "d1" }), binding: "APP", shard }), "app"],
      [() => createWorker({ d1: { mode: "d1" } as never, app: testApp, binding: "APP", shard }), "d1"],
      [() => d1Mode({ mode: "postgres" as never }), "d1Mode.mode"],
      [() => d1Mode({ binding: "" }), "d1Mode.binding"],
      [() => d1Mode({ autoMigrate: "yes" as never }), "d1Mode.autoMigrate"],
      [() => d1Mode(null as never), "d1Mode"],
      [() => createWorker({ d1: d1Mode({ mode: () => "do" }), app: testApp, shard }), "binding"],
    ];
    for (const [create, option] of cases) {
      let error: unknown;
      try {
        create();
      } catch (e) {
        error = e;
      }
      expect(error, option).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).option).toBe(option);
    }
  });

  it("applies no migration by default, and answers 503 not_migrated naming what is pending and the fix", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await call(d1Only, new Request("https://app/items", { method, ...(method === "POST" && { body: "x" }) }));
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("30");
      const body = await res.json<{ error: string; message: string; pending: string[]; requestId: string }>();
      expect(body).toMatchObject({ error: "not_migrated", pending: ["app 0001_items.sql"] });
      expect(body.message).toBe(
        "the D1 database has 1 migration to apply (app 0001_items.sql): run `npx dorm migrate` (it applies dorm's built-ins " +
          "and the app's files), or `npx wrangler d1 migrations apply DB` (--local under wrangler dev), or set d1Mode({ autoMigrate: true })",
      );
      expect(body.requestId).toBe(res.headers.get("x-dorm-request-id"));
    }
    // Nothing was created to find that out.
    const tables = await env.DB.prepare("select name from sqlite_master where name = 'd1_migrations'").all();
    expect(tables.results).toEqual([]);
  });

  it("runs the app here on D1 with the same context, creating no Durable Object", async () => {
    const before = (await listDurableObjectIds(env.TEST_APP)).length;
    const config = d1Migrating;
    const res = await call(config, new Request("https://app/context", { headers: { "x-tenant": "acme" } }));
    expect(res.status).toBe(200);
    const body = await res.json<{ shard: string; requestId: string; user: null; engine: string; object: null }>();
    expect(body).toMatchObject({ shard: "acme", user: null, engine: "d1", object: null });
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);

    expect((await call(config, new Request("https://app/items", { method: "POST", body: "on d1" }))).status).toBe(201);
    const items = await (await call(config, new Request("https://app/items"))).json<{ label: string }[]>();
    expect(items.map((i) => i.label)).toEqual(["on d1"]);
    // The same ledgers as in DO mode, and wrangler's sees only the app's file.
    const ledger = await env.DB.prepare("select name from d1_migrations").all<{ name: string }>();
    expect(ledger.results.map((r) => r.name)).toEqual(["0001_items.sql"]);
    expect((await listDurableObjectIds(env.TEST_APP)).length).toBe(before);
  });

  it("answers typed errors and hides thrown ones exactly as DO mode does", async () => {
    const teapot = await call(d1Only, new Request("https://app/teapot"));
    expect(teapot.status).toBe(418);
    expect(await teapot.json()).toEqual({ error: "teapot", message: "short and stout", requestId: expect.any(String) });
    const log = captureConsole("error");
    try {
      const thrown = await call(d1Only, new Request("https://app/throw"));
      expect(thrown.status).toBe(500);
      expect(await thrown.text()).not.toContain("secret detail");
    } finally {
      log.restore();
    }
  });

  it("reads the mode from env on every request, so one bundle serves either", async () => {
    const config: RouterConfig<Env> = { binding: "TEST_APP", app: testApp, shard, d1: d1Mode({ mode: (e) => e.MODE }) };
    const viaD1 = await call(config, new Request("https://app/context"), { ...env, MODE: "d1" });
    expect((await viaD1.json<{ engine: string }>()).engine).toBe("d1");
    const viaDo = await call(config, new Request("https://app/context"), { ...env, MODE: "do" });
    expect((await viaDo.json<{ engine: string }>()).engine).toBe("do");
    const unset = await call(config, new Request("https://app/context"), { ...env, MODE: undefined });
    expect((await unset.json<{ engine: string }>()).engine).toBe("do");
  });

  it("answers a generic 500 for a mistyped mode or a missing D1 binding, naming the option in the log", async () => {
    const log = captureConsole("error");
    try {
      const config: RouterConfig<Env> = { binding: "TEST_APP", app: testApp, shard, d1: d1Mode({ mode: (e) => e.MODE }) };
      const typo = await call(config, new Request("https://app/context"), { ...env, MODE: "D1 " });
      expect(typo.status).toBe(500);
      const missing = await call({ ...d1Only, d1: d1Mode({ binding: "NOPE" }) }, new Request("https://app/context"));
      expect(missing.status).toBe(500);
      const text = log.lines.join("\n");
      expect(text).toContain("d1Mode.mode:");
      expect(text).toContain("d1Mode.binding:");
    } finally {
      log.restore();
    }
  });

  it("answers 503 migration_failed naming the file when an automatic D1 migration fails", async () => {
    const log = captureConsole("error");
    try {
      const config: RouterConfig<Env> = { d1: d1Mode({ autoMigrate: true }), app: brokenApp, shard };
      for (let i = 0; i < 2; i++) {
        const res = await call(config, new Request("https://app/", { method: "POST", body: "x" }));
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ error: "migration_failed", file: "0002_half.sql" });
      }
      const half = await env.DB.prepare("select name from sqlite_master where name in ('half', 'later')").all();
      expect(half.results).toEqual([]);
    } finally {
      log.restore();
    }
  });
});
