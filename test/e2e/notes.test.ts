import { describe, expect, inject, it } from "vitest";
import { postJson, tenantClient, uniqueTenant } from "./support/client.ts";
import { allNotes, describeNotesContract } from "./support/notes-contract.ts";
import type { Note } from "./support/notes-contract.ts";

// The shared dev server of the e2e project runs the demo in its default mode (do).
const base = inject("demoUrl");

describeNotesContract("do", () => base);

describe("tenants (do mode)", () => {
  it("keeps each tenant's notes in its own object", async () => {
    const a = tenantClient(base, uniqueTenant("a"));
    const b = tenantClient(base, uniqueTenant("b"));
    await a.json("/notes", postJson({ title: "only in a" }));
    expect(await allNotes(a)).toHaveLength(1);
    expect(await b.json("/notes")).toMatchObject({ status: 200, body: { notes: [], cursor: null } });
  });

  it("refuses a JSON body past the 8 MiB discard bound with 413 or a closed connection, stores nothing, and keeps serving (docs/app.md)", async () => {
    const api = tenantClient(base, uniqueTenant("huge"));
    for (let round = 0; round < 3; round++) {
      // 20 MiB of JSON: readJson refuses it at 64 KiB; the rest is read up to
      // 8 MiB and then cancelled, so the client may see the 413 or a reset.
      const outcome = await api
        .request("/notes", postJson({ title: "huge", body: "x".repeat(20 * 1024 * 1024) }))
        .then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        })
        .catch(() => "closed");
      expect([413, "closed"]).toContain(outcome);
      const next = await api.json<{ notes: Note[] }>("/notes");
      expect(next.status).toBe(200);
      expect(next.body.notes).toEqual([]);
    }
  }, 60_000);

  it("serves requests without X-Tenant from the default tenant", async () => {
    const created = await tenantClient(base).json<Note>("/notes", postJson({ title: "default tenant" }));
    const viaHeader = await tenantClient(base, "default").json<Note>(`/notes/${created.body.id}`);
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.title).toBe("default tenant");
  });
});

// Behind Cloudflare's edge every request carries a cf-ray, and the router then
// forwards the client's request itself (no copy); wrangler dev sets none, so
// these requests set one as the edge would.
describe("behind the edge (cf-ray set)", () => {
  let rays = 0;
  const ray = () => `${(Date.now() * 1000 + rays++).toString(16).padStart(16, "0").slice(-16)}-LHR`;
  const withRay = (init: RequestInit = {}): RequestInit => {
    const headers = new Headers(init.headers);
    headers.set("cf-ray", ray());
    return { ...init, headers };
  };

  it("serves the contract's basics and keeps serving after refused bodies", async () => {
    const api = tenantClient(base, uniqueTenant("edge"));
    const created = await api.json<Note>("/notes", withRay(postJson({ title: "via the edge" })));
    expect(created.status).toBe(201);
    expect((await api.json<Note>(`/notes/${created.body.id}`, withRay())).body.title).toBe("via the edge");
    for (let round = 0; round < 3; round++) {
      const big = await api.request("/notes", withRay(postJson({ title: "big", body: "y".repeat(200_000) })));
      expect(big.status).toBe(413);
      await big.arrayBuffer();
      const unread = await api.request("/notes", withRay({ method: "PUT", body: "z".repeat(100_000) }));
      expect(unread.status).toBe(405);
      await unread.arrayBuffer();
      const next = await api.request("/notes", withRay());
      expect(next.status).toBe(200);
      await next.arrayBuffer();
    }
  });

  it("answers the router's own refusals under the ray as the request id", async () => {
    const init = withRay();
    const refused = await tenantClient(base, "Not A Shard").request("/notes", init);
    expect(refused.status).toBe(400);
    expect(refused.headers.get("x-dorm-request-id")).toBe(new Headers(init.headers).get("cf-ray"));
    await refused.arrayBuffer();
  });
});
