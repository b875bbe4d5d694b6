import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, tenantClient, uniqueTenant } from "./support/client.ts";
import { describeNotesContract } from "./support/notes-contract.ts";
import type { Note } from "./support/notes-contract.ts";
import { dorm } from "./support/dorm-cli.ts";
import { wrangler } from "./support/wrangler-cli.ts";
import { removeDir, startDev } from "./support/wrangler-dev.ts";
import type { DevServer } from "./support/wrangler-dev.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The same bundle, started with DATABASE_MODE=d1: the router runs the app on
// local D1. `wrangler d1 migrations apply --local` applies the app's files;
// dorm's built-in (the users table Access brings) is dorm's to apply, and until
// `dorm migrate` runs, requests answer 503 not_migrated naming it.
const TOKEN = "e2e-d1-admin-token-0123456789";
let dev: DevServer | undefined;
let persistDir = "";

beforeAll(async () => {
  persistDir = mkdtempSync(join(tmpdir(), "dorm-d1-"));
  const applied = await wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir]);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  dev = await startDev({ persistDir, vars: { DATABASE_MODE: "d1", ADMIN_TOKEN: TOKEN } });
  const early = await tenantClient(dev.url).json<{ error: string; pending: string[] }>("/notes");
  expect([early.status, early.body.error, early.body.pending]).toEqual([503, "not_migrated", ["builtin 0001_dorm_users.sql", "builtin 0100_dorm_schedules.sql"]]);
  const migrate = await dorm(["migrate"], { env: { DORM_URL: dev.url, DORM_ADMIN_TOKEN: TOKEN } });
  expect(migrate.code, migrate.stderr).toBe(0);
  expect(migrate.stdout).toContain("[1/1] d1  ok  applied 2\n    builtin 0001_dorm_users.sql\n    builtin 0100_dorm_schedules.sql\n");
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  removeDir(persistDir);
});

describeNotesContract("d1", () => dev!.url);

describe("D1 mode specifics", () => {
  it("shares one database across tenants, and the demo's tenant column keeps each tenant's notes its own", async () => {
    const a = tenantClient(dev!.url, uniqueTenant("a"));
    const b = tenantClient(dev!.url, uniqueTenant("b"));
    const created = await a.json<Note>("/notes", postJson({ title: "only a's" }));
    expect(created.status).toBe(201);
    expect((await a.json<Note>(`/notes/${created.body.id}`)).status).toBe(200);
    expect((await b.json(`/notes/${created.body.id}`)).status).toBe(404);
    expect((await b.request(`/notes/${created.body.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await b.json<{ notes: Note[] }>("/notes")).body.notes).toEqual([]);
    // The row is in the one database, with its tenant: what isolates it is the app's column.
    const stats = await dorm(["stats", "--json"], { env: { DORM_URL: dev!.url, DORM_ADMIN_TOKEN: TOKEN } });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toContain('"name": "notes"');
  });
});
