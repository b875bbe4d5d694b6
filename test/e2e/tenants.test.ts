import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAccessDemoIn } from "./support/access-demo.ts";
import type { AccessDemo } from "./support/access-demo.ts";
import { accessClaims, signToken } from "./support/access-tokens.ts";
import { uniqueTenant } from "./support/client.ts";

// A tenant is an authorization boundary: the demo under wrangler dev with
// Access on, in both database modes. The router asks the demo's authorize
// hook (examples/notes/src/tenants.ts) before any tenant object exists, so a
// refused caller costs no object and writes nothing (no user row either).

const TEAM = "dorm-tenants";
const AUD = "tenants-aud";
const ADMIN_TOKEN = "e2e-tenants-admin-token-51d2";
const LIMIT = 2;

interface Answer {
  status: number;
  body: any;
}

for (const mode of ["do", "d1"] as const) {
  describe(`tenants as an authorization boundary (${mode} mode)`, () => {
    let demo: AccessDemo | undefined;

    beforeAll(async () => {
      // D1 mode: the built-in users table and the app's files, applied by dorm.
      demo = await startAccessDemoIn(mode, TEAM, AUD, ADMIN_TOKEN, { MAX_TENANTS_PER_USER: String(LIMIT) });
    }, 180_000);

    afterAll(async () => {
      await demo?.stop();
    }, 60_000);

    /** A signed-in person's client for one tenant. */
    async function as(email: string, tenant: string) {
      const token = await signToken(demo!.key, accessClaims(`https://${TEAM}.cloudflareaccess.com`, AUD, email));
      return (path: string, init: RequestInit = {}): Promise<Answer> => call(path, { ...init, token, tenant });
    }

    async function call(path: string, init: RequestInit & { token?: string; tenant: string }): Promise<Answer> {
      const headers = new Headers(init.headers);
      headers.set("x-tenant", init.tenant);
      headers.set("accept-encoding", "identity");
      if (init.token) headers.set("cf-access-jwt-assertion", init.token);
      const response = await fetch(demo!.dev.url + path, { ...init, headers });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text === "" ? null : JSON.parse(text);
      } catch {
        // keep the text
      }
      return { status: response.status, body };
    }

    const postJson = (body: unknown): RequestInit => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

    /** Tenant objects in the persist folder (DO mode; D1 mode creates none at all). */
    function tenantObjects(): number {
      try {
        // One <object id>.sqlite per object, next to the namespace's metadata.sqlite.
        const files = readdirSync(join(demo!.dev.persistDir, "v3", "do", "dorm-notes-NotesApp"));
        return files.filter((name) => /^[0-9a-f]{64}\.sqlite$/.test(name)).length;
      } catch {
        return 0;
      }
    }

    /** Rows of dorm_users where a tenant's requests are served (its object, or D1). */
    async function users(tenant: string): Promise<number> {
      const response = await fetch(`${demo!.dev.url}/_dorm/admin/stats?shard=${tenant}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const report = (await response.json()) as { results: { result: { tables: { name: string; rows: number }[] } }[] };
      expect(response.status).toBe(200);
      return report.results[0]!.result.tables.find((table) => table.name === "dorm_users")!.rows;
    }

    const FORBIDDEN = { error: "forbidden", message: "not allowed on this shard", requestId: expect.any(String) };

    it("refuses a second user every read, write and delete of another user's tenant, writing nothing", async () => {
      const tenant = uniqueTenant("owned");
      const owner = await as(`owner-${mode}@example.com`, tenant);
      const note = await owner("/notes", postJson({ title: "private" }));
      expect(note.status).toBe(201);
      expect((await owner("/files/secret.txt", { method: "PUT", body: "secret" })).status).toBe(201);
      const usersBefore = await users(tenant);

      const stranger = await as(`stranger-${mode}@example.com`, tenant);
      const attempts: [string, RequestInit][] = [
        ["/notes", {}],
        ["/notes", postJson({ title: "intruder" })],
        [`/notes/${note.body.id}`, {}],
        [`/notes/${note.body.id}`, { method: "DELETE" }],
        ["/files/secret.txt", {}],
        ["/files/secret.txt", { method: "HEAD" }],
        ["/files/secret.txt", { method: "PUT", body: "overwritten" }],
        ["/files/secret.txt", { method: "DELETE" }],
        ["/files/?dir=", {}],
        ["/members", {}],
        ["/members", postJson({ email: `stranger-${mode}@example.com` })],
        ["/me", {}],
      ];
      for (const [path, init] of attempts) {
        const answer = await stranger(path, init);
        expect([init.method ?? "GET", path, answer.status], JSON.stringify(answer.body)).toEqual([init.method ?? "GET", path, 403]);
        if (init.method !== "HEAD") expect(answer.body).toEqual(FORBIDDEN);
      }
      // Nothing changed, and the stranger never reached the tenant's database (no user row).
      expect((await owner(`/notes/${note.body.id}`)).body).toMatchObject({ title: "private" });
      expect((await owner("/files/secret.txt")).body).toBe("secret");
      expect(await users(tenant)).toBe(usersBefore);
    });

    it("lets a member in once the owner adds them; only the owner adds; the list pages", async () => {
      const tenant = uniqueTenant("team");
      const owner = await as(`lead-${mode}@example.com`, tenant);
      expect((await owner("/notes", postJson({ title: "team note" }))).status).toBe(201);
      const bob = await as(`Bob-${mode}@Example.COM`, tenant);
      expect((await bob("/notes")).status).toBe(403);

      const added = await owner("/members", postJson({ email: `Bob-${mode}@EXAMPLE.com` }));
      expect(added).toEqual({ status: 201, body: { email: `Bob-${mode}@example.com`, added_at: expect.any(String) } });
      expect((await owner("/members", postJson({ email: `Bob-${mode}@example.com` }))).status).toBe(200);
      const seen = await bob("/notes");
      expect(seen.status).toBe(200);
      expect(JSON.stringify(seen.body)).toContain("team note");
      expect((await bob("/notes", postJson({ title: "from bob" }))).status).toBe(201);

      // A member is not the owner.
      expect((await bob("/members", postJson({ email: "carol@example.com" })))).toMatchObject({
        status: 403,
        body: { error: "forbidden", message: "only the tenant's owner adds members" },
      });
      expect((await owner("/members", postJson({ email: `carol-${mode}@example.com` }))).status).toBe(201);

      const first = await bob("/members?limit=2");
      expect(first.status).toBe(200);
      expect(first.body.owner).toBe(`lead-${mode}@example.com`);
      expect(first.body.members.map((m: { email: string }) => m.email)).toEqual([`Bob-${mode}@example.com`, `carol-${mode}@example.com`]);
      expect(first.body.cursor).toBe(`carol-${mode}@example.com`);
      const second = await bob(`/members?limit=2&cursor=${encodeURIComponent(first.body.cursor)}`);
      expect(second.body).toMatchObject({ members: [{ email: `lead-${mode}@example.com` }], cursor: null });
    });

    it("refuses wrong, missing, oversized and hostile member input", async () => {
      const tenant = uniqueTenant("input");
      const owner = await as(`input-${mode}@example.com`, tenant);
      const cases: [RequestInit, number, string][] = [
        [postJson({}), 400, "missing_field"],
        [postJson({ email: null }), 400, "missing_field"],
        [postJson({ email: 42 }), 400, "invalid_field"],
        [postJson({ email: "no-at-sign" }), 400, "invalid_field"],
        [postJson({ email: "two@@example.com" }), 400, "invalid_field"],
        [postJson({ email: "a b@example.com" }), 400, "invalid_field"],
        [postJson({ email: "x@example.com\n" }), 400, "invalid_field"],
        [postJson({ email: `${"x".repeat(250)}@example.com` }), 400, "invalid_field"],
        [postJson([]), 400, "missing_field"],
        [postJson("{not json"), 400, "invalid_json"],
        [{ method: "POST", body: "email=x@example.com" }, 415, "unsupported_media_type"],
        [postJson({ email: "x@example.com", pad: "y".repeat(70_000) }), 413, "payload_too_large"],
        [{ method: "PUT" }, 405, "method_not_allowed"],
      ];
      for (const [init, status, error] of cases) {
        const answer = await owner("/members", init);
        expect([String(init.body).slice(0, 40), answer.status, answer.body?.error]).toEqual([String(init.body).slice(0, 40), status, error]);
      }
      for (const query of ["limit=0", "limit=101", "limit=abc", "limit=-1", `cursor=${"c".repeat(400)}`]) {
        expect([query, (await owner(`/members?${query}`)).status]).toEqual([query, 400]);
      }
      // The lobby has no owner and no members.
      const lobby = await as(`input-${mode}@example.com`, "default");
      expect((await lobby("/members", postJson({ email: "y@example.com" }))).status).toBe(403);
      expect((await lobby("/members")).body).toEqual({ owner: null, members: [], cursor: null });
    });

    it("bounds the tenants one user creates (MAX_TENANTS_PER_USER), creating no object past it", async () => {
      const email = `busy-${mode}@example.com`;
      const tenants = Array.from({ length: LIMIT + 2 }, () => uniqueTenant("mine"));
      for (const tenant of tenants.slice(0, LIMIT)) expect((await (await as(email, tenant))("/notes")).status).toBe(200);
      const objects = tenantObjects();
      // The control: in DO mode each tenant used so far has its object on disk.
      if (mode === "do") expect(objects).toBeGreaterThanOrEqual(LIMIT);
      for (const tenant of tenants.slice(LIMIT)) {
        const answer = await (await as(email, tenant))("/notes", postJson({ title: "one too many" }));
        expect(answer.status).toBe(403);
        expect(answer.body).toMatchObject({ error: "tenant_limit" });
      }
      expect(tenantObjects()).toBe(objects);
      // Their own tenants and the lobby still work; someone else may take the name.
      expect((await (await as(email, tenants[0]!))("/notes")).status).toBe(200);
      expect((await (await as(email, "default"))("/notes")).status).toBe(200);
      expect((await (await as(`other-${mode}@example.com`, tenants[LIMIT]!))("/notes")).status).toBe(200);
    });

    it("lets an exempt request reach only a tenant that exists, and never create one", async () => {
      const objects = tenantObjects();
      for (let i = 0; i < 3; i++) {
        const answer = await call("/health", { tenant: uniqueTenant("ghost") });
        expect(answer).toEqual({ status: 404, body: { error: "unknown_tenant", message: "no such tenant", requestId: expect.any(String) } });
      }
      expect(tenantObjects()).toBe(objects);
      const tenant = uniqueTenant("real");
      expect((await (await as(`health-${mode}@example.com`, tenant))("/notes")).status).toBe(200);
      expect(tenantObjects()).toBe(mode === "do" ? objects + 1 : 0);
      expect(await call("/health", { tenant })).toEqual({ status: 200, body: { ok: true } });
      expect(await call("/health", { tenant: "default" })).toEqual({ status: 200, body: { ok: true } });
    });

    it("keeps the default tenant open to every signed-in user", async () => {
      for (const email of [`a-${mode}@example.com`, `b-${mode}@example.com`]) {
        expect((await (await as(email, "default"))("/notes")).status).toBe(200);
      }
    });
  });
}
