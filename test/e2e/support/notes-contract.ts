import { describe, expect, it } from "vitest";
import { postJson, tenantClient, uniqueTenant } from "./client.ts";
import type { TenantClient } from "./client.ts";

export interface Note {
  id: number;
  title: string;
  body: string;
  created_at: string;
}

/** A page of `GET /notes`. */
export interface NotesPage {
  notes: Note[];
  cursor: string | null;
}

/** Every note the client's tenant lists, following the cursor over every page (largest pages). */
export async function allNotes(api: TenantClient): Promise<Note[]> {
  const notes: Note[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: NotesPage } = await api.json<NotesPage>(`/notes?limit=50${cursor === null ? "" : `&cursor=${cursor}`}`);
    expect(page.status).toBe(200);
    expect(page.body.notes.length).toBeLessThanOrEqual(50);
    notes.push(...page.body.notes);
    cursor = page.body.cursor;
  } while (cursor !== null);
  return notes;
}

/**
 * The demo's notes contract (examples/notes: its HTTP routes), written so it
 * holds in both database modes. Each test uses a tenant of its own, which
 * starts empty in both: its own object in DO mode, its own rows of the shared
 * table in D1 mode (the demo's tenant column). Isolation is tested per mode.
 */
export function describeNotesContract(mode: string, baseUrl: () => string): void {
  const notesOf = async (tenant: string, ids: Set<number>) =>
    (await allNotes(tenantClient(baseUrl(), tenant))).filter((n) => ids.has(n.id));
  const count = async (tenant: string) => (await allNotes(tenantClient(baseUrl(), tenant))).length;

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

    it("lists in pages: newest first, bounded by limit, each note once, the cursor null at the end", async () => {
      const tenant = uniqueTenant("pages");
      const api = tenantClient(baseUrl(), tenant);
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await api.json<Note>("/notes", postJson({ title: `p${i}` }))).body.id);
      const first = await api.json<NotesPage>("/notes");
      expect(first.status).toBe(200);
      expect(first.body.notes.length).toBeLessThanOrEqual(20);
      // Follow pages of 2: in D1 mode other tenants' notes share the list, so
      // look at ours (created last, so near the top) and at the paging itself.
      const seen: Note[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { status: number; body: NotesPage } = await api.json<NotesPage>(`/notes?limit=2${cursor === null ? "" : `&cursor=${cursor}`}`);
        expect(page.status).toBe(200);
        expect(page.body.notes.length).toBeLessThanOrEqual(2);
        if (page.body.cursor !== null) expect(page.body.notes).toHaveLength(2);
        seen.push(...page.body.notes);
        cursor = page.body.cursor;
        pages++;
      } while (cursor !== null && seen.filter((n) => ids.includes(n.id)).length < ids.length);
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(new Set(seen.map((n) => n.id)).size).toBe(seen.length);
      const seenIds = seen.map((n) => n.id);
      expect(seenIds).toEqual([...seenIds].sort((a, b) => b - a));
      expect(seen.filter((n) => ids.includes(n.id)).map((n) => n.title)).toEqual(["p4", "p3", "p2", "p1", "p0"]);
      // The largest page is bounded; the smallest holds one note.
      expect((await api.json<NotesPage>("/notes?limit=50")).status).toBe(200);
      const one = await api.json<NotesPage>("/notes?limit=1");
      expect(one.body.notes).toHaveLength(1);
      expect(one.body.cursor).toBe(String(one.body.notes[0]!.id));
    });

    it("refuses wrong, oversized and hostile limit and cursor values with 400", async () => {
      const api = tenantClient(baseUrl(), uniqueTenant());
      const cases: [string, string][] = [
        ["limit=0", "invalid_limit"],
        ["limit=51", "invalid_limit"],
        ["limit=-1", "invalid_limit"],
        ["limit=abc", "invalid_limit"],
        ["limit=1e3", "invalid_limit"],
        ["limit=", "invalid_limit"],
        ["limit=2&limit=3", "invalid_limit"],
        [`limit=${"9".repeat(30)}`, "invalid_limit"],
        ["cursor=0", "invalid_cursor"],
        ["cursor=-5", "invalid_cursor"],
        ["cursor=1%20OR%201%3D1", "invalid_cursor"],
        ["cursor=" + "1".repeat(40), "invalid_cursor"],
        ["cursor=%00", "invalid_cursor"],
        ["cursor=1&cursor=2", "invalid_cursor"],
      ];
      for (const [query, code] of cases) {
        const res = await api.json<{ error: string; message: string }>(`/notes?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.body.error, query).toBe(code);
        expect(typeof res.body.message).toBe("string");
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
