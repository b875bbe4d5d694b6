import { describe, expect, inject, it } from "vitest";
import { postJson, tenantClient, uniqueTenant } from "./support/client.ts";
import { describeNotesContract } from "./support/notes-contract.ts";
import type { Note } from "./support/notes-contract.ts";

// The shared dev server of the e2e project runs the demo in its default mode (do).
const base = inject("demoUrl");

describeNotesContract("do", () => base);

describe("tenants (do mode)", () => {
  it("keeps each tenant's notes in its own object", async () => {
    const a = tenantClient(base, uniqueTenant("a"));
    const b = tenantClient(base, uniqueTenant("b"));
    await a.json("/notes", postJson({ title: "only in a" }));
    expect((await a.json<Note[]>("/notes")).body).toHaveLength(1);
    expect((await b.json<Note[]>("/notes")).body).toEqual([]);
  });

  it("serves requests without X-Tenant from the default tenant", async () => {
    const created = await tenantClient(base).json<Note>("/notes", postJson({ title: "default tenant" }));
    const viaHeader = await tenantClient(base, "default").json<Note>(`/notes/${created.body.id}`);
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.title).toBe("default tenant");
  });
});
