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
  expect([early.status, early.body.error, early.body.pending]).toEqual([503, "not_migrated", ["builtin 0001_dorm_users.sql"]]);
  const migrate = await dorm(["migrate"], { env: { DORM_URL: dev.url, DORM_ADMIN_TOKEN: TOKEN } });
  expect(migrate.code, migrate.stderr).toBe(0);
  expect(migrate.stdout).toContain("[1/1] d1  ok  applied 1\n    builtin 0001_dorm_users.sql\n");
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  removeDir(persistDir);
});

describeNotesContract("d1", () => dev!.url);

describe("D1 mode specifics", () => {
  it("shares one database across tenants (documented: shards do not isolate data in D1 mode)", async () => {
    const a = tenantClient(dev!.url, uniqueTenant("a"));
    const created = await a.json<Note>("/notes", postJson({ title: "visible to all tenants" }));
    const other = await tenantClient(dev!.url, uniqueTenant("b")).json<Note>(`/notes/${created.body.id}`);
    expect(other.status).toBe(200);
    expect(other.body.title).toBe("visible to all tenants");
  });
});
