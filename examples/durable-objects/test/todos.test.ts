import { env, exports } from "cloudflare:workers";
import { listDurableObjectIds } from "cloudflare:test";
import { describe, expect, it } from "vitest";

// Runs inside workerd on this project's wrangler.toml (vitest.config.ts):
// the real worker, real DO SQLite.
const call = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`https://todos.test${path}`, init));
const post = (tenant: string, text: unknown) =>
  call("/todos", {
    method: "POST",
    headers: { "content-type": "application/json", "x-tenant": tenant },
    body: JSON.stringify({ text }),
  });

describe("the to-do API on Durable Objects", () => {
  it("stores todos per tenant in each tenant's object, migrated on start", async () => {
    expect((await post("alpha", "write docs")).status).toBe(201);
    expect((await post("beta", "ship it")).status).toBe(201);
    const alpha = await (await call("/todos", { headers: { "x-tenant": "alpha" } })).json<{ text: string; done: number }[]>();
    expect(alpha).toEqual([expect.objectContaining({ text: "write docs", done: 0 })]);
    const ids = await listDurableObjectIds(env.APP);
    for (const tenant of ["alpha", "beta"]) {
      expect(ids.some((id) => id.equals(env.APP.idFromName(tenant)))).toBe(true);
    }
  });

  it("lists in pages of 50: ?after= is the last id of the previous page", async () => {
    for (let i = 0; i < 52; i++) expect((await post("paged", `t${i}`)).status).toBe(201);
    const page = async (query: string) =>
      (await call(`/todos${query}`, { headers: { "x-tenant": "paged" } })).json<{ id: number; text: string }[]>();
    const first = await page("");
    expect(first).toHaveLength(50);
    const second = await page(`?after=${first.at(-1)!.id}`);
    expect(second.map((t) => t.text)).toEqual(["t50", "t51"]);
    expect(await page(`?after=${second.at(-1)!.id}`)).toEqual([]);
    for (const bad of ["-1", "abc", "1e3", "", "1%20OR%201=1", "9".repeat(16)]) {
      const refused = await call(`/todos?after=${bad}`, { headers: { "x-tenant": "paged" } });
      expect(refused.status, bad).toBe(400);
      expect(await refused.json()).toMatchObject({ error: "invalid_cursor" });
    }
  });

  it("answers 400 for bad input and bad tenant names, 404 for unknown routes", async () => {
    expect((await post("alpha", "")).status).toBe(400);
    expect((await post("alpha", 42)).status).toBe(400);
    expect((await post("Not Valid", "x")).status).toBe(400);
    expect((await call("/nope")).status).toBe(404);
  });
});
