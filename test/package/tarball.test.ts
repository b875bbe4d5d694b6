import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDev } from "../e2e/support/wrangler-dev.ts";
import { pack, remove, ROOT, run, userProject } from "./support/project.ts";
import type { Packed } from "./support/project.ts";

// Bundle budgets, gzip KiB as `wrangler deploy --dry-run --minify` reports them:
// - the minimal app (test/package/minimal-app): dorm's router, a DurableApp,
//   sql, readJson and migrations, routed by hand: the budget that must not grow;
// - the durable-objects template, the same app on itty-router (1 KiB of
//   minified code of its own): measured 8.34 KiB, held so it does not grow.
const MINIMAL_BUDGET_KIB = 8;
const TEMPLATE_BUDGET_KIB = 8.4;

const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const VITEST = join(ROOT, "node_modules/vitest/vitest.mjs");

const temporary: string[] = [];
let packed: Packed;
let minimal: string;
let template: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "dorm-pack-"));
  temporary.push(dir);
  packed = pack(dir);
  console.log(
    `dorm tarball: ${packed.file.split("/").pop()}, ${(packed.size / 1024).toFixed(1)} KiB packed, ` +
      `${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${packed.files.length} files`,
  );
  minimal = userProject("test/package/minimal-app", packed.file);
  template = userProject("examples/durable-objects", packed.file);
  temporary.push(minimal, template);
});

afterAll(() => {
  for (const dir of temporary) remove(dir);
});

/** Bundles a project (or one of its scripts) as wrangler deploys it, minified, and reports the sizes. */
function bundle(project: string, label: string, script?: string): { gzipKiB: number; code: string } {
  const out = join(project, `out-${label.replace(/\W+/g, "-")}`);
  const args = [WRANGLER, "deploy", ...(script ? [script] : []), "--dry-run", "--minify", "--outdir", out];
  const result = run(process.execPath, args, project);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const reported = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(result.stdout);
  expect(reported, result.stdout).not.toBeNull();
  const code = readFileSync(join(out, readdirSync(out).find((name) => name.endsWith(".js")) ?? "index.js"));
  console.log(`${label}: ${reported![1]} KiB, gzip ${reported![2]} KiB (node zlib: ${(gzipSync(code).length / 1024).toFixed(2)} KiB)`);
  return { gzipKiB: Number(reported![2]), code: code.toString("utf8") };
}

describe("the packed tarball", () => {
  it("holds the built package and nothing of the repository's own", () => {
    const paths = packed.files.map((file) => file.path);
    console.log(`files:\n  ${paths.join("\n  ")}`);
    expect(paths).toContain("package.json");
    expect(paths).toContain("README.md");
    expect(paths).toContain("bin/dorm.js");
    expect(paths).toContain("dist/cli/main.js");
    for (const entry of ["index", "access/index", "admin/index", "d1/index", "files/index", "migrations/index"]) {
      expect(paths).toContain(`dist/${entry}.js`);
      expect(paths).toContain(`dist/${entry}.d.ts`);
    }
    const foreign = paths.filter((path) => /^(test|bench|\.ci|examples|scripts|src|tools|node_modules)\//.test(path) || path === "wrangler.toml");
    expect(foreign).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(minimal, "node_modules/dorm/package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.private).toBeUndefined();
    expect(manifest.sideEffects).toBe(false);
    expect(Object.keys(manifest.dependencies as object)).toEqual(["jose"]);
  });
});

describe.each([
  ["the minimal app", () => minimal],
  ["the durable-objects template", () => template],
])("%s in a fresh project that installs the tarball (no alias, no paths)", (_label, project) => {
  it("type-checks with strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and skipLibCheck off", () => {
    const result = run(process.execPath, [TSC, "-p", project()], project());
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("serves requests under wrangler dev", async () => {
    const server = await startDev({ cwd: project(), readyPath: "/todos" });
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
});

describe("bundle budgets", () => {
  it(`the minimal app bundles within ${MINIMAL_BUDGET_KIB} KiB gzip, with no Access, files or admin code`, () => {
    const { gzipKiB, code } = bundle(minimal, "minimal app (test/package/minimal-app)");
    expect(gzipKiB).toBeLessThanOrEqual(MINIMAL_BUDGET_KIB);
    for (const marker of ["cloudflareaccess.com", "CF_Authorization", "compactVerify", "dorm_users", "createMultipartUpload", "_dorm/admin", "size_after"]) {
      expect(code, marker).not.toContain(marker);
    }
  });

  it(`the durable-objects template bundles within ${TEMPLATE_BUDGET_KIB} KiB gzip`, () => {
    const { gzipKiB } = bundle(template, "durable-objects template (itty-router)");
    expect(gzipKiB).toBeLessThanOrEqual(TEMPLATE_BUDGET_KIB);
  });
});

/**
 * What each feature costs on top of the minimal app: the same app with one
 * feature mounted as the demo mounts it. The demo mounts them all; its budget
 * (test/e2e/bundle.test.ts) is the minimal app's plus these.
 */
const FEATURES: Record<string, { imports: string; app?: string; worker?: string; budgetKiB: number }> = {
  access: {
    imports: 'import { accessFromEnv } from "dorm/access";',
    app: "access: accessFromEnv({ exemptPaths: ['/health'] }),",
    budgetKiB: 9.75,
  },
  files: {
    imports: 'import { R2Storage, receiveUpload, serveFile } from "dorm/files";',
    app: [
      "files: (env, shard) => new R2Storage({ binding: (env as unknown as { BUCKET: R2Bucket }).BUCKET, location: `tenants/${shard}/` }),",
      "async fetch(request, ctx) {",
      "  const name = new URL(request.url).pathname.slice(7);",
      "  if (request.method === 'PUT') return Response.json({ name: await receiveUpload(request, ctx.files, name, { maxBytes: 1e8 }) });",
      "  return serveFile(request, ctx.files, name);",
      "},",
    ].join("\n  "),
    budgetKiB: 5.5,
  },
  admin: {
    imports: 'import { adminApi, adminRoutes } from "dorm/admin";',
    app: "admin: adminApi(),",
    worker: "app, admin: adminRoutes(),",
    budgetKiB: 3.75,
  },
  d1: {
    imports: 'import { d1Mode } from "dorm/d1";',
    worker: "app, d1: d1Mode({ mode: (env) => (env as { DATABASE_MODE?: string }).DATABASE_MODE }),",
    // D1 mode also checks, until the database is migrated, what is pending (503 not_migrated).
    budgetKiB: 2,
  },
};

describe("what each feature costs on top of the minimal app", () => {
  it.each(Object.keys(FEATURES))("%s", (feature) => {
    const { imports, app = "", worker = "", budgetKiB } = FEATURES[feature]!;
    const source = readFileSync(join(minimal, "src/index.ts"), "utf8");
    let variant = source.replace('import { migrations }', `${imports}\nimport { migrations }`);
    // The files variant replaces the app's own fetch with a file route.
    variant = app.includes("async fetch(") ? variant.replace(/  fetch\(request, ctx\) \{[\s\S]*?\n  \},\n/, `  ${app}\n`) : variant.replace("  migrations,\n", `  migrations,\n  ${app}\n`);
    variant = variant.replace('createWorker<Env>({ binding: "APP",', `createWorker<Env>({ ${worker} binding: "APP",`);
    expect(variant).not.toBe(source);
    writeFileSync(join(minimal, `src/with-${feature}.ts`), variant);
    const base = bundle(minimal, "minimal app (again)").gzipKiB;
    const { gzipKiB } = bundle(minimal, `minimal app + ${feature}`, `src/with-${feature}.ts`);
    const cost = Number((gzipKiB - base).toFixed(2));
    console.log(`cost of ${feature}: +${cost} KiB gzip (budget +${budgetKiB})`);
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeLessThanOrEqual(budgetKiB);
  });
});

describe("the durable-objects template's own tooling", () => {
  it("runs its tests with vitest and the Workers pool", () => {
    const result = run(process.execPath, [VITEST, "run", "--root", template], template);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Tests\s+2 passed/);
  });

  it("has a working dorm bin", () => {
    const bin = join(template, "node_modules/.bin/dorm");
    const version = run(process.execPath, [bin, "--version"], template);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    const help = run(process.execPath, [bin, "--help"], template);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("dorm migrate");
    const check = run(process.execPath, [bin, "migrations", "manifest", "--check", "migrations"], template);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
