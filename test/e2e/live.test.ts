import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAccessDemoIn } from "./support/access-demo.ts";
import type { AccessDemo } from "./support/access-demo.ts";
import { accessClaims, signToken } from "./support/access-tokens.ts";
import { postJson, uniqueTenant } from "./support/client.ts";
import { opened, openLive } from "./support/live-client.ts";

// The demo's GET /notes/live under wrangler dev with Access on, through a
// real WebSocket client (the ws package): the tenant's note events reach
// every connected client of that tenant and no other; refused upgrades are
// plain HTTP answers; D1 mode answers the documented 501.

const TEAM = "dorm-live";
const AUD = "live-aud";
const ADMIN_TOKEN = "e2e-live-admin-token-7c31";

for (const mode of ["do", "d1"] as const) {
  describe(`GET /notes/live (${mode} mode)`, () => {
    let demo: AccessDemo | undefined;

    beforeAll(async () => {
      demo = await startAccessDemoIn(mode, TEAM, AUD, ADMIN_TOKEN);
    }, 180_000);

    afterAll(async () => {
      await demo?.stop();
    }, 60_000);

    const token = (email: string) => signToken(demo!.key, accessClaims(`https://${TEAM}.cloudflareaccess.com`, AUD, email));
    const headers = async (email: string | null, tenant: string) => ({
      "x-tenant": tenant,
      ...(email === null ? {} : { "cf-access-jwt-assertion": await token(email) }),
    });
    const call = async (email: string, tenant: string, path: string, init: RequestInit = {}) => {
      const response = await fetch(demo!.dev.url + path, { ...init, headers: { ...(await headers(email, tenant)), "accept-encoding": "identity", ...init.headers } });
      const text = await response.text();
      return { status: response.status, body: text === "" ? null : JSON.parse(text) };
    };
    const live = async (email: string | null, tenant: string) => openLive(demo!.dev.url, await headers(email, tenant));

    if (mode === "do") {
      it("streams a tenant's created and deleted notes to each of its clients, and to no other tenant's", async () => {
        const tenant = uniqueTenant("live");
        const [owner, member] = [`owner-live@example.com`, `member-live@example.com`];
        // The first signed-in user of a tenant owns it and adds members (the demo's rule).
        expect((await call(owner, tenant, "/members", postJson({ email: member }))).status).toBe(201);
        const ownerLive = opened(await live(owner, tenant));
        const memberLive = opened(await live(member, tenant));
        const elsewhere = uniqueTenant("other");
        const otherLive = opened(await live("other-live@example.com", elsewhere));

        const first = await call(owner, tenant, "/notes", postJson({ title: "from the owner" }));
        expect(first.status).toBe(201);
        const created = { type: "created", note: first.body };
        expect([await ownerLive.next(), await memberLive.next()]).toEqual([created, created]);

        const second = await call(member, tenant, "/notes", postJson({ title: "from the member", body: "hi" }));
        expect([await ownerLive.next(), await memberLive.next()]).toEqual([{ type: "created", note: second.body }, { type: "created", note: second.body }]);

        expect((await call(member, tenant, `/notes/${first.body.id}`, { method: "DELETE" })).status).toBe(204);
        const deleted = { type: "deleted", id: first.body.id };
        expect([await ownerLive.next(), await memberLive.next()]).toEqual([deleted, deleted]);

        // The other tenant's client got none of it: its first message is its own tenant's note.
        const own = await call("other-live@example.com", elsewhere, "/notes", postJson({ title: "mine" }));
        expect(await otherLive.next()).toEqual({ type: "created", note: own.body });
        for (const client of [ownerLive, memberLive, otherLive]) client.close();
      });

      it("delivers a client's messages to the object: ping answered pong, a message over 1 KiB closed with 1009", async () => {
        const tenant = uniqueTenant("talk");
        const client = opened(await live("talker@example.com", tenant));
        client.send("ping");
        expect(await client.nextText()).toBe("pong");
        client.send("y".repeat(1025));
        expect(await client.closed).toMatchObject({ code: 1009 });
      });

      it("broadcasts a note's reminder at its remind_at, not before, and never for a deleted note", async () => {
        const tenant = uniqueTenant("remind");
        const client = opened(await live("reminded@example.com", tenant));
        const remindAt = new Date(Date.now() + 2500);
        const created = await call("reminded@example.com", tenant, "/notes", postJson({ title: "call back", remind_at: remindAt.toISOString() }));
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ title: "call back", remind_at: remindAt.toISOString() });
        expect(await client.next()).toEqual({ type: "created", note: { id: created.body.id, title: "call back", body: "", created_at: created.body.created_at } });
        // A second note reminded at the same time, deleted at once: its reminder is cancelled.
        const gone = await call("reminded@example.com", tenant, "/notes", postJson({ title: "never mind", remind_at: remindAt.toISOString() }));
        expect(await client.next()).toMatchObject({ type: "created", note: { id: gone.body.id } });
        expect((await call("reminded@example.com", tenant, `/notes/${gone.body.id}`, { method: "DELETE" })).status).toBe(204);
        expect(await client.next()).toEqual({ type: "deleted", id: gone.body.id });
        const reminder = await client.next();
        const arrived = Date.now();
        expect(reminder).toEqual({ type: "reminder", note: { id: created.body.id, title: "call back", body: "", created_at: created.body.created_at } });
        expect(arrived).toBeGreaterThanOrEqual(remindAt.getTime() - 50);
        // Nothing more: the deleted note's reminder never comes (the next message is a new note's).
        const after = await call("reminded@example.com", tenant, "/notes", postJson({ title: "after" }));
        expect(await client.next()).toEqual({ type: "created", note: after.body });
        client.close();
      }, 30_000);

      it("refuses a wrong, hostile or too distant remind_at with 400 and stores nothing", async () => {
        const tenant = uniqueTenant("badremind");
        const cases: [unknown, string][] = [
          ["tomorrow", "invalid_field"],
          [1767225600, "invalid_field"],
          ["2026-13-45T99:00:00Z", "invalid_field"],
          ["2026-12-24T18:00:00", "invalid_field"],
          ["2026-12-24T18:00:00Z'; DROP TABLE notes; --", "invalid_field"],
          [{ at: "2026-12-24T18:00:00Z" }, "invalid_field"],
          ["x".repeat(10_000), "invalid_field"],
          ["2999-01-01T00:00:00Z", "invalid_when"],
        ];
        for (const [remind_at, code] of cases) {
          const refused = await call("careful@example.com", tenant, "/notes", postJson({ title: "t", remind_at }));
          expect(refused.status, String(remind_at).slice(0, 40)).toBe(400);
          expect(refused.body.error, String(remind_at).slice(0, 40)).toBe(code);
        }
        expect((await call("careful@example.com", tenant, "/notes")).body).toEqual({ notes: [], cursor: null });
      });

      it("refuses upgrades as plain HTTP: 401 without a token, 403 for a non-member, 400 for a bad tenant, 426 without an upgrade", async () => {
        const tenant = uniqueTenant("closed");
        expect((await call("keeper@example.com", tenant, "/notes")).status).toBe(200);
        expect(await live(null, tenant)).toMatchObject({ status: 401, body: { error: "unauthorized" } });
        expect(await live("stranger@example.com", tenant)).toMatchObject({ status: 403, body: { error: "forbidden" } });
        expect(await live("keeper@example.com", "Not A Tenant")).toMatchObject({ status: 400, body: { error: "invalid_shard" } });
        expect(await call("keeper@example.com", tenant, "/notes/live")).toMatchObject({ status: 426, body: { error: "upgrade_required" } });
        expect(await call("keeper@example.com", tenant, "/notes/live", { method: "POST" })).toMatchObject({ status: 405 });
      });
    } else {
      it("answers an upgrade with 501 sockets_unavailable, while notes still work", async () => {
        const tenant = uniqueTenant("d1live");
        expect(await live("d1-user@example.com", tenant)).toMatchObject({ status: 501, body: { error: "sockets_unavailable" } });
        expect((await call("d1-user@example.com", tenant, "/notes", postJson({ title: "no one listening" }))).status).toBe(201);
      });

      it("answers a note with remind_at with 501 reminders_unavailable and stores nothing (no object, no alarm)", async () => {
        const tenant = uniqueTenant("d1remind");
        const refused = await call("d1-user@example.com", tenant, "/notes", postJson({ title: "later", remind_at: new Date(Date.now() + 60_000).toISOString() }));
        expect(refused).toMatchObject({ status: 501, body: { error: "reminders_unavailable" } });
        expect((await call("d1-user@example.com", tenant, "/notes")).body).toEqual({ notes: [], cursor: null });
      });
    }
  });
}
