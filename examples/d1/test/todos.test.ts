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

    it("answers 400 for bad input and 415 for non-JSON", async () => {
      expect((await call("/todos", { method: "POST", headers: { "content-type": "application/json" }, body: "{" })).status).toBe(400);
      expect((await call("/todos", { method: "POST", body: "text" })).status).toBe(415);
    });
  });
});
