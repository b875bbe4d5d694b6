// `dorm init` as a user runs it: the CLI of the packed tarball writes each
// template into a fresh folder outside this repository, which then installs
// the tarball, type-checks, passes its own tests, bundles for deployment and
// serves requests, through the project's own npm scripts (the dev tools are
// this repository's, at the same pinned versions: support/project.ts).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, expectServesTodos, initProject, pack, removeDir, ROOT, run, TOOLS_ENV, unpack, WRANGLER } from "./support/project.ts";
import type { InitProject } from "./support/project.ts";

const TEMPLATES = ["durable-objects", "d1"] as const;
type Template = (typeof TEMPLATES)[number];

// Gzip KiB as `npm run deploy -- --dry-run` (wrangler deploy --minify)
// reports it: the minimal app's 8 KiB (tarball.test.ts) plus itty-router and
// the routes. Measured 8.41 (durable-objects) and 9.02 (d1: D1 mode, whose
// cost includes its check of pending migrations, 503 not_migrated); held so
// that they do not grow. Both rose by 0.07 KiB (from 8.36 and 8.97) when
// GET /todos became paged (?after=, 50 a page, 400 invalid_cursor). d1 then
// measured 9.06 once the request context carried `object` (null in D1 mode)
// for the features that live in the object: its budget, 9.05 + 0.01.
const BUDGET_KIB: Record<Template, number> = { "durable-objects": 8.45, d1: 9.06 };

const temporary: string[] = [];
let tarball: string;
let packageDir: string;
const projects = new Map<Template, InitProject>();

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "dorm-pack-"));
  temporary.push(dir);
  tarball = pack(dir).file;
  packageDir = unpack(tarball, dir);
  for (const template of TEMPLATES) {
    const project = initProject(template, tarball, packageDir);
    temporary.push(project.parent);
    projects.set(template, project);
  }
});

afterAll(() => {
  for (const dir of temporary) removeDir(dir);
});

/** Every file under `dir`, relative, without what installing and running added. */
function projectFiles(dir: string, under = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, under), { withFileTypes: true })) {
    const path = under === "" ? entry.name : `${under}/${entry.name}`;
    if (/^(node_modules|\.wrangler|out-.*|package-lock\.json)$/.test(path)) continue;
    if (entry.isDirectory()) files.push(...projectFiles(dir, path));
    else files.push(path);
  }
  return files.sort();
}

describe.each(TEMPLATES)("dorm init --template %s, run from the packed tarball", (template) => {
  const project = () => projects.get(template)!;

  it("writes the template's files, .gitignore for gitignore, named after the folder, and prints the next steps", () => {
    const { dir, init } = project();
    const source = join(packageDir, "examples", template);
    const expected = projectFiles(source).map((path) => (path === "gitignore" ? ".gitignore" : path)).sort();
    expect(projectFiles(dir)).toEqual(expected);
    for (const path of expected) {
      if (path === "package.json" || path === "wrangler.toml") continue;
      const from = path === ".gitignore" ? "gitignore" : path;
      expect(readFileSync(join(dir, path), "utf8"), path).toBe(readFileSync(join(source, from), "utf8"));
    }
    const name = `my-app-${template}`;
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name).toBe(name);
    expect(readFileSync(join(dir, "wrangler.toml"), "utf8")).toMatch(new RegExp(`^name = "${name}"$`, "m"));
    expect(init.stdout).toContain(`project name "${name}"`);
    expect(init.stdout).toContain(`cd ${dir} && npm install && npm start\n  npm test\n`);
    expect(init.stderr).toBe("");
  });

  it("type-checks: npm run typecheck (tsc --noEmit -p . with skipLibCheck off on src and migrations, then the tests)", () => {
    const result = run("npm", ["run", "--silent", "typecheck"], project().dir, TOOLS_ENV);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("passes its own tests: npm test (vitest and the Workers pool)", () => {
    const result = run("npm", ["test"], project().dir, TOOLS_ENV);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Tests\s+\d+ passed/);
    expect(result.stdout).not.toMatch(/failed/);
  });

  it(`bundles with npm run deploy -- --dry-run (wrangler deploy --minify), within ${BUDGET_KIB[template]} KiB gzip`, () => {
    const { gzipKiB } = bundle(project().dir, `${template} template`, { npmScript: true });
    expect(gzipKiB).toBeLessThanOrEqual(BUDGET_KIB[template]);
  });

  it("serves requests under wrangler dev", async () => {
    const { dir } = project();
    const persistDir = mkdtempSync(join(tmpdir(), "dorm-init-dev-"));
    temporary.push(persistDir);
    if (template === "d1") {
      // What the project's prestart does before `npm start`.
      const applied = run(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], dir);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    }
    await expectServesTodos(dir, { text: "from dorm init", tenants: template === "durable-objects", persistDir });
  });

  it("has a working dorm bin: --version, help, migrations manifest --check", () => {
    const { dir } = project();
    const bin = join(dir, "node_modules/.bin/dorm");
    const version = run(process.execPath, [bin, "--version"], dir);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    const help = run(process.execPath, [bin, "help", "migrations", "new"], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dorm migrations new NAME/);
    const check = run("npm", ["run", "--silent", "migrations:manifest", "--", "--check"], dir, TOOLS_ENV);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toBe("migrations/manifest.ts matches its folder\n");
  });
});
