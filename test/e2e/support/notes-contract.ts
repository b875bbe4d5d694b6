import { describe, expect, it } from "vitest";
import { postJson, tenantClient, uniqueTenant } from "./client.ts";

export interface Note {
  id: number;
  title: string;
  body: string;
  created_at: string;
}

/**
 * The demo's notes contract (examples/notes: its HTTP routes), written so it holds in
 * both database modes: it never assumes a tenant starts empty, because in D1
 * mode every tenant shares the one database. Tenant isolation is DO-only and
 * tested separately.
 */
export function describeNotesContract(mode: string, baseUrl: () => string): void {
  const notesOf = async (tenant: string, ids: Set<number>) => {
    const list = await tenantClient(baseUrl(), tenant).json<Note[]>("/notes");
    expect(list.status).toBe(200);
    return list.body.filter((n) => ids.has(n.id));
  };
  const count = async (tenant: string) => (await tenantClient(baseUrl(), tenant).json<Note[]>("/notes")).body.length;

  describe(`notes contract (${mode} mode)`, () => {
    it("GET /health answers ok", async () => {
      const { status, body } = await tenantClient(baseUrl()).json("/health");
      expect(status).toBe(200);
      expect(body).toEqual({ ok: true });
    });

    it("creates, lists newest first, reads and deletes notes", async () => {
      const tenant = uniqueTenant();
      const api = tenantClient(baseUrl(), tenant);
      const first = await api.json<Note>("/notes", postJson({ title: "first", body: "one" }));
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ title: "first", body: "one" });
      expect(Number.isInteger(first.body.id)).toBe(true);
      expect(first.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const second = await api.json<Note>("/notes", postJson({ title: "second" }));
      expect(second.body.body).toBe("");

      const mine = await notesOf(tenant, new Set([first.body.id, second.body.id]));
      expect(mine.map((n) => n.title)).toEqual(["second", "first"]);

      const one = await api.json<Note>(`/notes/${first.body.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(first.body);

      const del = await api.request(`/notes/${first.body.id}`, { method: "DELETE" });
      expect(del.status).toBe(204);
      expect(await del.text()).toBe("");
      expect((await api.json(`/notes/${first.body.id}`)).status).toBe(404);
      expect((await api.request(`/notes/${first.body.id}`, { method: "DELETE" })).status).toBe(404);
    });

    it("answers 404 for absent notes and unknown routes, 400 for non-numeric ids", async () => {
      const api = tenantClient(baseUrl(), uniqueTenant());
      const absent = await api.json<{ error: string }>("/notes/999999999");
      expect(absent.status).toBe(404);
      expect(absent.body.error).toBe("not_found");
      expect((await api.json("/nope")).status).toBe(404);
      for (const id of ["abc", "1.5", "-1", "0", "1e3", "99999999999999999999"]) {
        const res = await api.json<{ error: string }>(`/notes/${id}`);
        expect(res.status, id).toBe(400);
        expect(res.body.error).toBe("invalid_id");
      }
    });

    it("refuses malformed JSON, missing and wrong fields with 400 and stores nothing", async () => {
      const tenant = uniqueTenant();
      const api = tenantClient(baseUrl(), tenant);
      const before = await count(tenant);
      const cases: [string, string][] = [
        ["{not json", "invalid_json"],
        ["", "invalid_json"],
        ["[1,2]", "invalid_body"],
        ["null", "invalid_body"],
        ["{}", "missing_field"],
        ['{"title": 42}', "invalid_field"],
        ['{"title": "   "}', "invalid_field"],
        ['{"title": "ok", "body": {"x": 1}}', "invalid_field"],
        [JSON.stringify({ title: "x".repeat(201) }), "invalid_field"],
      ];
      for (const [text, code] of cases) {
        const res = await api.json<{ error: string; message: string }>("/notes", postJson(text));
        expect(res.status, text).toBe(400);
        expect(res.body.error, text).toBe(code);
        expect(typeof res.body.message).toBe("string");
      }
      expect(await count(tenant)).toBe(before);
    });

    it("answers 415 for non-JSON bodies, 413 past 64 KiB and 405 for other methods", async () => {
      const tenant = uniqueTenant();
      const api = tenantClient(baseUrl(), tenant);
      const before = await count(tenant);
      const form = await api.json<{ error: string }>("/notes", {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: '{"title":"x"}',
      });
      expect(form.status).toBe(415);
      expect(form.body.error).toBe("unsupported_media_type");

      const huge = await api.json<{ error: string }>("/notes", postJson({ title: "big", body: "x".repeat(70_000) }));
      expect(huge.status).toBe(413);
      expect(huge.body.error).toBe("payload_too_large");

      const put = await api.json<{ error: string }>("/notes", { method: "PUT" });
      expect(put.status).toBe(405);
      expect(put.headers.get("allow")).toBe("GET, POST");
      const patch = await api.json<{ error: string }>("/notes/1", { method: "PATCH" });
      expect(patch.status).toBe(405);
      expect(patch.body.error).toBe("method_not_allowed");
      expect(await count(tenant)).toBe(before);
    });

    it("keeps serving after refusing oversized and unread bodies (no dev-server restarts)", async () => {
      const api = tenantClient(baseUrl(), uniqueTenant());
      for (let round = 0; round < 5; round++) {
        const big = await api.request("/notes", postJson({ title: "big", body: "y".repeat(200_000) }));
        expect(big.status).toBe(413);
        await big.arrayBuffer();
        const unread = await api.request("/notes", { method: "PUT", body: "z".repeat(100_000) });
        expect(unread.status).toBe(405);
        await unread.arrayBuffer();
        const next = await api.request("/notes");
        expect(next.status).toBe(200);
        await next.arrayBuffer();
      }
    });

    it("stores SQL text as data", async () => {
      const tenant = uniqueTenant();
      const api = tenantClient(baseUrl(), tenant);
      const hostile = "'); DROP TABLE notes; --";
      const created = await api.json<Note>("/notes", postJson({ title: hostile, body: "\" OR 1=1 --" }));
      expect(created.status).toBe(201);
      const mine = await notesOf(tenant, new Set([created.body.id]));
      expect(mine).toEqual([expect.objectContaining({ title: hostile, body: "\" OR 1=1 --" })]);
      expect((await api.json("/health")).status).toBe(200);
    });

    it("refuses invalid tenant names with 400", async () => {
      for (const bad of ["UPPER", "-lead", "has space", "a".repeat(64), "dots.not.ok", "../etc"]) {
        const res = await tenantClient(baseUrl(), bad).json<{ error: string }>("/notes");
        expect(res.status, bad).toBe(400);
        expect(res.body.error).toBe("invalid_shard");
      }
    });

    it("lands all of 100 concurrent POSTs", async () => {
      const tenant = uniqueTenant("load");
      const api = tenantClient(baseUrl(), tenant);
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => api.json<Note>("/notes", postJson({ title: `n${i}` }))),
      );
      expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
      const ids = new Set(results.map((r) => r.body.id));
      expect(ids.size).toBe(100);
      const mine = await notesOf(tenant, ids);
      expect(mine).toHaveLength(100);
      expect(new Set(mine.map((n) => n.title))).toEqual(new Set(results.map((r) => r.body.title)));
    });
  });
}
