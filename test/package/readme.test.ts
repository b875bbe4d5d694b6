// The README's first app, exactly as written there: its files are the fenced
// blocks whose info string names a path ("```ts src/index.ts"); they are
// written into a fresh project that installs the packed tarball, which then
// runs the README's commands.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDev } from "../e2e/support/wrangler-dev.ts";
import { pack, removeDir, ROOT, run, userProject } from "./support/project.ts";

const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

/** The README's files: path → text, in the order they appear. */
function readmeFiles(): Map<string, string> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/^```[a-z]+ ([^\s`]+)\n([\s\S]*?)^```$/gm)) files.set(match[1]!, match[2]!);
  return files;
}

const temporary: string[] = [];
let project: string;

beforeAll(() => {
  const packDir = mkdtempSync(join(tmpdir(), "dorm-pack-"));
  const source = mkdtempSync(join(tmpdir(), "dorm-readme-"));
  temporary.push(packDir, source);
  for (const [path, text] of readmeFiles()) {
    mkdirSync(dirname(join(source, path)), { recursive: true });
    writeFileSync(join(source, path), text);
  }
  project = userProject(source, pack(packDir).file);
  temporary.push(project);
});

afterAll(() => {
  for (const dir of temporary) removeDir(dir);
});

it("has the first app's files", () => {
  expect([...readmeFiles().keys()]).toEqual(["wrangler.toml", "migrations/0001_create_notes.sql", "src/index.ts"]);
});

it("writes the manifest with the installed dorm bin, then type-checks strictly and bundles", () => {
  const manifest = run(process.execPath, [join(project, "node_modules/.bin/dorm"), "migrations", "manifest"], project);
  expect(manifest.code, manifest.stdout + manifest.stderr).toBe(0);
  expect(manifest.stdout).toContain("migrations/manifest.ts: written (1 file)");
  const tsc = run(process.execPath, [TSC, "-p", project], project);
  expect(tsc.stdout + tsc.stderr).toBe("");
  const bundle = run(process.execPath, [WRANGLER, "deploy", "--dry-run", "--minify", "--outdir", join(project, "out")], project);
  expect(bundle.code, bundle.stdout + bundle.stderr).toBe(0);
});

it("answers the README's requests under wrangler dev", async () => {
  const server = await startDev({ cwd: project, readyPath: "/notes" });
  temporary.push(server.persistDir);
  try {
    const tenant = { "x-tenant": "acme" };
    const created = await fetch(`${server.url}/notes`, {
      method: "POST",
      headers: { ...tenant, "content-type": "application/json" },
      body: JSON.stringify({ text: "hello" }),
    });
    expect(created.status, server.output()).toBe(201);
    const notes = (await (await fetch(`${server.url}/notes`, { headers: tenant })).json()) as { text: string }[];
    expect(notes.map((note) => note.text)).toEqual(["hello"]);
    const last = (notes as unknown as { id: number }[])[0]!.id;
    expect(await (await fetch(`${server.url}/notes?after=${last}`, { headers: tenant })).json()).toEqual([]);
    const hostile = await fetch(`${server.url}/notes?after=1%20OR%201=1`, { headers: tenant });
    expect(hostile.status).toBe(400);
    expect(await hostile.json()).toMatchObject({ error: "invalid_cursor" });
    const invalid = await fetch(`${server.url}/notes`, { headers: { "x-tenant": "Acme" } });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["error", "message", "requestId"]);
    expect(body).toMatchObject({ error: "invalid_shard", requestId: invalid.headers.get("x-dorm-request-id") });
  } finally {
    await server.stop();
  }
});
