import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { applyD1Migrations, d1MigrationStatus } from "dorm/migrations";
import { todoApp } from "../src/app.ts";

// Runs inside workerd on this project's wrangler.toml (vitest.config.ts):
// the real worker on a local D1, no Durable Object.
const call = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`https://todos.test${path}`, init));

describe("the to-do API on D1", () => {
  it("does not migrate by itself (D1 mode's default)", async () => {
    const status = await d1MigrationStatus(env.DB, todoApp.migrations);
    expect(status.pending.map((m) => m.name)).toEqual(["0001_create_todos.sql"]);
  });

  describe("once migrated", () => {
    beforeAll(async () => {
      await applyD1Migrations(env.DB, todoApp.migrations);
    });

    it("creates and lists todos on D1", async () => {
      const created = await call("/todos", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "on D1" }),
      });
      expect(created.status).toBe(201);
      const list = await (await call("/todos")).json<{ text: string }[]>();
      expect(list.map((t) => t.text)).toEqual(["on D1"]);
      const ledger = await env.DB.prepare("select name from d1_migrations").all<{ name: string }>();
      expect(ledger.results.map((r) => r.name)).toEqual(["0001_create_todos.sql"]);
    });

    it("lists in pages of 50 after ?after=, and refuses a bad ?after= with 400", async () => {
      const list = await (await call("/todos")).json<{ id: number }[]>();
      expect((await (await call(`/todos?after=${list.at(-1)!.id}`)).json<unknown[]>())).toEqual([]);
      for (const bad of ["-1", "abc", "1e3", ""]) {
        const refused = await call(`/todos?after=${bad}`);
        expect(refused.status, bad).toBe(400);
        expect(await refused.json()).toMatchObject({ error: "invalid_cursor" });
      }
    });

    it("answers 400 for bad input and 415 for non-JSON", async () => {
      expect((await call("/todos", { method: "POST", headers: { "content-type": "application/json" }, body: "{" })).status).toBe(400);
      expect((await call("/todos", { method: "POST", body: "text" })).status).toBe(415);
    });
  });
});
