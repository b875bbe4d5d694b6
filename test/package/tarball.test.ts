import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDev } from "../e2e/support/wrangler-dev.ts";
import { pack, remove, ROOT, run, userProject } from "./support/project.ts";
import type { Packed } from "./support/project.ts";

/** The minimal app's budget (the durable-objects template: router, DurableApp, sql, migrations). */
const MINIMAL_BUDGET_KIB = 8;

const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const VITEST = join(ROOT, "node_modules/vitest/vitest.mjs");

const temporary: string[] = [];
let packed: Packed;
let project: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "dorm-pack-"));
  temporary.push(dir);
  packed = pack(dir);
  console.log(
    `dorm tarball: ${packed.file.split("/").pop()}, ${(packed.size / 1024).toFixed(1)} KiB packed, ` +
      `${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${packed.files.length} files`,
  );
  project = userProject("durable-objects", packed.file);
  temporary.push(project);
});

afterAll(() => {
  for (const dir of temporary) remove(dir);
});

describe("the packed tarball", () => {
  it("holds the built package and nothing of the repository's own", () => {
    const paths = packed.files.map((file) => file.path);
    console.log(`files:\n  ${paths.join("\n  ")}`);
    expect(paths).toContain("package.json");
    expect(paths).toContain("README.md");
    expect(paths).toContain("bin/dorm.js");
    for (const entry of ["index", "access/index", "admin/index", "d1/index", "files/index", "migrations/index"]) {
      expect(paths).toContain(`dist/${entry}.js`);
      expect(paths).toContain(`dist/${entry}.d.ts`);
    }
    const foreign = paths.filter((path) => /^(test|bench|\.ci|examples|scripts|src|tools|node_modules)\//.test(path) || path === "wrangler.toml");
    expect(foreign).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(project, "node_modules/dorm/package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.dependencies as object)).toEqual(["jose"]);
  });
});

describe("a fresh project that installs it (no alias, no paths)", () => {
  it("type-checks with strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and skipLibCheck off", () => {
    const result = run(process.execPath, [TSC, "-p", project], project);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it(`bundles with wrangler deploy --dry-run within ${MINIMAL_BUDGET_KIB} KiB gzip, with no Access code`, () => {
    const out = join(project, "out");
    const result = run(process.execPath, [WRANGLER, "deploy", "--dry-run", "--minify", "--outdir", out], project);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const reported = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(result.stdout);
    expect(reported, result.stdout).not.toBeNull();
    const code = readFileSync(join(out, readdirSync(out).find((name) => name.endsWith(".js")) ?? "index.js"));
    console.log(
      `minimal app (examples/durable-objects from the tarball): ${reported![1]} KiB, gzip ${reported![2]} KiB ` +
        `(node zlib: ${(gzipSync(code).length / 1024).toFixed(2)} KiB)`,
    );
    expect(Number(reported![2])).toBeLessThanOrEqual(MINIMAL_BUDGET_KIB);
    const text = code.toString("utf8");
    for (const marker of ["cloudflareaccess.com", "cdn-cgi/access", "CF_Authorization", "compactVerify", "dorm_users"]) {
      expect(text, marker).not.toContain(marker);
    }
  });

  it("serves requests under wrangler dev", async () => {
    const server = await startDev({ cwd: project, readyPath: "/todos" });
    temporary.push(server.persistDir);
    try {
      const created = await fetch(`${server.url}/todos`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-tenant": "acme" },
        body: JSON.stringify({ text: "from the tarball" }),
      });
      expect(created.status, server.output()).toBe(201);
      const list = (await (await fetch(`${server.url}/todos`, { headers: { "x-tenant": "acme" } })).json()) as { text: string }[];
      expect(list.map((todo) => todo.text)).toEqual(["from the tarball"]);
      const bad = await fetch(`${server.url}/todos`, { headers: { "x-tenant": "Not Valid" } });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: "invalid_shard" });
    } finally {
      await server.stop();
    }
  });

  it("runs its own tests with vitest and the Workers pool", () => {
    const result = run(process.execPath, [VITEST, "run", "--root", project], project);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Tests\s+2 passed/);
  });

  it("has a working dorm bin", () => {
    const bin = join(project, "node_modules/.bin/dorm");
    const version = run(process.execPath, [bin, "--version"], project);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    const help = run(process.execPath, [bin, "--help"], project);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("dorm migrate");
  });
});
