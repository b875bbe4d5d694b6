import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { R2Storage } from "../../../src/files/index.ts";
import { ConfigError, defineApp } from "../../../src/index.ts";
import { handleAppRequest } from "../../../src/app/handle-request.ts";
import { createDoDatabase } from "../../../src/db/do-database.ts";
import type { Env } from "../../../examples/notes/src/env.ts";
import { notesApp } from "../../../examples/notes/src/app.ts";
import { applyD1Migrations } from "../../../src/migrations/index.ts";
import worker from "../../../examples/notes/src/index.ts";
import { bytes, equalBytes, freshTenant } from "./helpers.ts";

/** One request through the demo's router worker, with optional env overrides. */
async function viaRouter(path: string, init: RequestInit & { tenant?: string } = {}, vars: Partial<Env> = {}) {
  const headers = new Headers(init.headers);
  if (init.tenant) headers.set("x-tenant", init.tenant);
  // As HTTP framing does: a Request built in code with a string body has no
  // Content-Length, and the demo refuses uploads of unknown length without a digest.
  if (typeof init.body === "string") headers.set("content-length", String(new TextEncoder().encode(init.body).byteLength));
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://notes.example${path}`, { ...init, headers }),
    { ...(env as unknown as Env), ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

describe("files through the demo's router", () => {
  it("uploads and downloads per tenant (X-Tenant) under tenants/<tenant>/", async () => {
    const tenant = freshTenant("r");
    const data = bytes(300_000, 4);
    const put = await viaRouter("/files/r/data.bin", { method: "PUT", body: data, tenant });
    expect(put.status).toBe(201);
    expect(await put.json()).toEqual({ name: "r/data.bin" });
    expect(await env.BUCKET.head(`tenants/${tenant}/r/data.bin`)).not.toBeNull();
    const get = await viaRouter("/files/r/data.bin", { tenant });
    expect(get.status).toBe(200);
    expect(equalBytes(new Uint8Array(await get.arrayBuffer()), data)).toBe(true);
    const other = await viaRouter("/files/r/data.bin", { tenant: freshTenant("r") });
    expect(other.status).toBe(404);
  });

  it("answers 400 for hostile names and 413 for big bodies, and keeps serving", async () => {
    const tenant = freshTenant("r");
    const bad = await viaRouter("/files/..%2f..%2fsecret", { method: "PUT", body: "x", tenant });
    expect(bad.status).toBe(400);
    const big = await viaRouter("/files/big.bin", { method: "PUT", body: bytes(2 * 1024 * 1024), tenant });
    expect(big.status).toBe(413);
    expect((await viaRouter("/files/", { tenant })).status).toBe(200);
  });

  it("runs the same app definition and storage in D1 mode (router runs the app)", async () => {
    // D1 mode answers 503 not_migrated until the database is migrated.
    await applyD1Migrations(env.DB, notesApp.migrations);
    const tenant = freshTenant("d1");
    const put = await viaRouter("/files/d1.txt", { method: "PUT", body: "from d1 mode", tenant }, { DATABASE_MODE: "d1" });
    expect(put.status).toBe(201);
    expect(await env.BUCKET.head(`tenants/${tenant}/d1.txt`)).not.toBeNull();
    const get = await viaRouter("/files/d1.txt", { tenant }, { DATABASE_MODE: "d1" });
    expect(await get.text()).toBe("from d1 mode");
    // …and the Durable Object sees the same file.
    expect(await (await viaRouter("/files/d1.txt", { tenant })).text()).toBe("from d1 mode");
  });
});

describe("ctx.files", () => {
  function run(app: ReturnType<typeof defineApp<Cloudflare.Env>>, shard = "s1") {
    return runInSql((storage) =>
      handleAppRequest(app, new Request("https://x/"), {
        env,
        db: createDoDatabase(storage),
        shard,
        object: null,
        requestId: crypto.randomUUID(),
        waitUntil: () => {},
        log: { name: "test", info() {}, warn() {}, error() {} },
      }),
    );
  }

  it("is built once per request from the app's files factory, with env and shard", async () => {
    const calls: string[] = [];
    const app = defineApp<Cloudflare.Env>({
      fetch: (_request, ctx) => Response.json({ same: ctx.files === ctx.files, location: ctx.files.location }),
      files: (e, shard) => {
        calls.push(shard);
        return new R2Storage({ binding: e.BUCKET, location: `tenants/${shard}` });
      },
    });
    const res = await run(app, "acme");
    expect(await res.json()).toEqual({ same: true, location: "tenants/acme/" });
    expect(calls).toEqual(["acme"]);
  });

  it("is never built for requests that do not use it, and is a ConfigError when not configured", async () => {
    const untouched = defineApp<Cloudflare.Env>({ fetch: () => new Response("no files needed") });
    expect(await (await run(untouched)).text()).toBe("no files needed");
    let thrown: unknown;
    const app = defineApp<Cloudflare.Env>({
      fetch: (_request, ctx) => {
        try {
          void ctx.files;
        } catch (error) {
          thrown = error;
        }
        return new Response("checked");
      },
    });
    await (await run(app)).text();
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(String(thrown)).toMatch(/^ConfigError: files: /);
  });

  it("refuses a files option that is not a function", () => {
    expect(() => defineApp({ fetch: () => new Response(""), files: 42 as never })).toThrow(/^files: /);
  });
});

async function runInSql<T>(fn: (storage: DurableObjectStorage) => Promise<T>): Promise<T> {
  const { runInDurableObject } = await import("cloudflare:test");
  const stub = env.SQL.get(env.SQL.idFromName(`files-ctx-${crypto.randomUUID()}`));
  return runInDurableObject(stub, (_instance, state) => fn(state.storage));
}
