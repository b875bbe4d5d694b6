// The templates (examples/durable-objects, examples/d1) are the projects
// `dorm init` writes: their package.json must pin this package's version and
// exactly the tools this repository pins, so a new project runs on what CI
// ran. No pack needed: the files as committed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pinned, ROOT } from "./support/project.ts";

const TEMPLATES = ["durable-objects", "d1"];

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines?: { node?: string };
}

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const root = JSON.parse(read("package.json")) as Manifest;

describe.each(TEMPLATES)("examples/%s", (template) => {
  const manifest = JSON.parse(read(`examples/${template}/package.json`)) as Manifest;

  it("pins dorm at this package's version and itty-router at the repository's version", () => {
    expect(manifest.dependencies).toEqual({ dorm: root.version, "itty-router": pinned("itty-router") });
    expect(root.devDependencies["itty-router"]).toBe(pinned("itty-router"));
  });

  it("pins each dev tool at exactly the version of the repository's package.json and lockfile", () => {
    const tools = ["@cloudflare/vitest-plugin", "@cloudflare/workers-types", "typescript", "vitest", "wrangler"];
    expect(Object.keys(manifest.devDependencies).sort()).toEqual(tools);
    for (const tool of tools) {
      expect(manifest.devDependencies[tool], tool).toBe(pinned(tool));
      expect(manifest.devDependencies[tool], tool).toBe(root.devDependencies[tool]);
    }
  });

  it("has the scripts start, test, deploy, typecheck, and Node.js 22.12 or later", () => {
    expect(manifest.scripts).toMatchObject({
      start: "wrangler dev",
      test: "vitest run",
      deploy: "wrangler deploy --minify",
      typecheck: "tsc --noEmit && tsc --noEmit -p test",
      "migrations:manifest": "dorm migrations manifest",
    });
    expect(manifest.private).toBe(true);
    expect(manifest.type).toBe("module");
    expect(manifest.engines).toEqual({ node: ">=22.12" });
  });

  it("checks src and migrations strictly with skipLibCheck off; the tests apart", () => {
    // tsconfig.json has comments: strip them before parsing.
    const parse = (path: string) => JSON.parse(read(path).replace(/^\s*\/\/.*$/gm, "")) as {
      extends?: string;
      compilerOptions: Record<string, unknown>;
      include: string[];
    };
    const app = parse(`examples/${template}/tsconfig.json`);
    expect(app.include).toEqual(["src", "migrations"]);
    expect(app.compilerOptions).toMatchObject({ strict: true, skipLibCheck: false, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true });
    const tests = parse(`examples/${template}/test/tsconfig.json`);
    expect(tests.extends).toBe("../tsconfig.json");
    expect(tests.compilerOptions.types).toContain("@cloudflare/vitest-plugin/types");
  });

  it("stands alone: no alias to this repository's source, the repository's compatibility date", () => {
    const toml = read(`examples/${template}/wrangler.toml`);
    expect(toml).not.toMatch(/\[alias\]|\.\.\/\.\.\//);
    const date = /^compatibility_date = "([\d-]+)"$/m;
    expect(date.exec(toml)?.[1]).toBe(date.exec(read("wrangler.toml"))?.[1]);
  });

  it("has a README that starts with the two commands, says which Node.js, and links nothing outside the project", () => {
    const readme = read(`examples/${template}/README.md`);
    const lines = readme.split("\n");
    expect(lines[0]).toMatch(/^# /);
    expect(lines.slice(1, 6).join("\n")).toMatch(/^\n```sh\nnpm install && npm start +#.*\nnpm test +#.*\n```$/);
    expect(readme).toContain("Node.js 22.12 or later");
    for (const command of ["npx dorm migrations new", "npx dorm migrations manifest", "npm run deploy"]) expect(readme).toContain(command);
    const links = [...readme.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1] ?? "");
    for (const link of links) expect(link, link).not.toMatch(/^(\/|\.\.|[a-z]+:)/);
  });
});
