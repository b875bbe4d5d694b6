// Adding a migration while `wrangler dev` runs, in a user's project installed
// from the tarball (the README's first app, with the admin routes mounted so
// the CLI reaches it). A new file holds no SQL: it stays out of the manifest,
// so nothing applies (and records) it before its SQL is written. And an
// applied file edited afterwards makes `dorm migrations` and `dorm migrate`
// exit 1, naming it.
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDev } from "../e2e/support/wrangler-dev.ts";
import type { DevServer } from "../e2e/support/wrangler-dev.ts";
import { pack, removeDir, ROOT, run, userProject } from "./support/project.ts";

const TOKEN = "trap-test-admin-token-0123456789";
const temporary: string[] = [];
let project: string;
let dev: DevServer;

/** The installed `dorm` bin, pointed at the running app. */
const dorm = (...args: string[]) =>
  run(process.execPath, [join(project, "node_modules/.bin/dorm"), ...args], project, {
    DORM_URL: dev.url,
    DORM_ADMIN_TOKEN: TOKEN,
  });

/** Polls until `check` passes: wrangler dev reloads the worker after a file changes. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 120; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}:\n${dev.output().slice(-3000)}`);
}

beforeAll(async () => {
  const packDir = mkdtempSync(join(tmpdir(), "dorm-pack-"));
  const source = mkdtempSync(join(tmpdir(), "dorm-trap-"));
  temporary.push(packDir, source);
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  for (const match of readme.matchAll(/^```[a-z]+ ([^\s`]+)\n([\s\S]*?)^```$/gm)) {
    mkdirSync(dirname(join(source, match[1]!)), { recursive: true });
    writeFileSync(join(source, match[1]!), match[2]!);
  }
  // The admin routes, as docs/admin.md mounts them: operations on the app, routes on the router.
  const index = join(source, "src/index.ts");
  const text = readFileSync(index, "utf8");
  const mounted = text
    .replace('import { migrations }', 'import { adminApi, adminRoutes } from "dorm/admin";\nimport { migrations }')
    .replace("defineApp<Env>({ fetch: router, migrations })", "defineApp<Env>({ fetch: router, migrations, admin: adminApi() })")
    .replace('createWorker<Env>({ binding: "APP",', 'createWorker<Env>({ admin: adminRoutes(), binding: "APP",');
  expect(mounted.match(/admin/g)?.length).toBeGreaterThanOrEqual(4);
  writeFileSync(index, mounted);
  project = userProject(source, pack(packDir).file);
  temporary.push(project);
  expect(run(process.execPath, [join(project, "node_modules/.bin/dorm"), "migrations", "manifest"], project).code).toBe(0);
  dev = await startDev({ cwd: project, readyPath: "/notes", vars: { ADMIN_TOKEN: TOKEN } });
  temporary.push(dev.persistDir);
}, 240_000);

afterAll(async () => {
  await dev?.stop();
  for (const dir of temporary) removeDir(dir);
});

const notes = async () =>
  (await (await fetch(`${dev.url}/notes`, { headers: { "x-tenant": "acme" } })).json()) as Record<string, unknown>[];

it("applies a new file once it holds SQL, never before", async () => {
  const created = await fetch(`${dev.url}/notes`, {
    method: "POST",
    headers: { "x-tenant": "acme", "content-type": "application/json" },
    body: JSON.stringify({ text: "before tags" }),
  });
  expect(created.status, dev.output()).toBe(201);

  const made = dorm("migrations", "new", "add_tags");
  expect(made.code, made.stderr).toBe(0);
  expect(made.stdout).toContain("created migrations/0002_add_tags.sql");
  expect(made.stdout).toContain("until it holds SQL it stays out of the manifest and is never applied");
  const file = join(project, "migrations", readdirSync(join(project, "migrations")).find((name) => name.startsWith("0002_"))!);

  // Whatever wrangler reloaded meanwhile: the empty file is neither applied nor pending.
  const before = dorm("migrations", "--shard", "acme");
  expect(before.code, before.stderr).toBe(0);
  expect(before.stdout).toContain("1 applied, 0 pending");
  expect(before.stdout).not.toContain("0002_add_tags.sql");

  appendFileSync(file, "ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT '';\n");
  const manifest = dorm("migrations", "manifest");
  expect(manifest.stdout).toContain("migrations/manifest.ts: written (2 files)");
  // The documented flow: wrangler reloads, and the object applies the file when it starts again.
  await eventually(async () => (await notes()).some((note) => "tags" in note), "the tags column");
  expect(await notes()).toEqual([expect.objectContaining({ text: "before tags", tags: "" })]);
  const after = dorm("migrations", "--shard", "acme");
  expect(after.code, after.stderr).toBe(0);
  expect(after.stdout).toContain("2 applied, 0 pending");
  const migrate = dorm("migrate", "--shard", "acme");
  expect([migrate.code, migrate.stdout]).toEqual([0, expect.stringContaining("nothing to apply")]);
}, 120_000);

it("makes an edit to an applied file impossible to miss", async () => {
  appendFileSync(join(project, "migrations/0001_create_notes.sql"), "-- edited after it was applied\n");
  expect(dorm("migrations", "manifest").code).toBe(0);
  await eventually(() => dorm("migrations", "--shard", "acme").code === 1, "the edit to be reported");
  const status = dorm("migrations", "--shard", "acme");
  expect(status.stdout).toContain("changed since applied");
  expect(status.stderr).toContain("app 0001_create_notes.sql (acme)");
  expect(status.stderr).toContain("revert each file, and put the change in a new migration");
  const migrate = dorm("migrate", "--shard", "acme");
  expect(migrate.code).toBe(1);
  expect(migrate.stdout).toContain("changed since applied: app 0001_create_notes.sql");
  // The object says so at start too.
  await eventually(() => dev.output().includes("applied migrations edited since"), "the start-up log line");
}, 120_000);
