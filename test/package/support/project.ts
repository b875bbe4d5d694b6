import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, isAbsolute, join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect } from "vitest";
import { removeDir, ROOT, startDev } from "../../e2e/support/wrangler-dev.ts";

// This repository's root, and how its tests remove a temporary folder: the e2e helpers' own.
export { removeDir, ROOT };

/** This repository's tools, run by path with the Node.js running the tests. */
export const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
export const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

/** What `npm pack --json` says of the tarball. */
export interface Packed {
  readonly file: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { path: string; size: number }[];
}

/** Builds the package (prepack) and packs it into `dir`. */
export function pack(dir: string): Packed {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  // prepack's own output goes to stderr; stdout is the JSON report.
  const [report] = JSON.parse(out.slice(out.indexOf("["))) as [Packed & { filename: string }];
  return { ...report, file: join(dir, report.filename) };
}

/** The exact version this repository pins for a package (its lockfile entry). */
export function pinned(name: string): string {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end, never throwing on a non-zero exit. */
export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Result {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1", ...env },
    timeout: 240_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** The dev tools a user's project declares that the tests link from this repository instead of installing. */
const LINKED = ["vitest", "@vitest", "@cloudflare/vitest-plugin", "typescript"];
const LINKED_PACKAGES = ["vitest", "@cloudflare/vitest-plugin", "typescript", "wrangler"];

/**
 * The environment to run a user's project's npm scripts in: this
 * repository's node_modules/.bin after the project's own, so `wrangler`,
 * `vitest` and `tsc` are the repository's (the same pinned versions) and
 * `node` is its Node.js 24.
 */
export const TOOLS_ENV: Record<string, string> = {
  PATH: `${join(ROOT, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`,
};

/** Unpacks the tarball into `dir`; resolves to the package's folder (what `npm install` would put in node_modules/dorm). */
export function unpack(tarball: string, dir: string): string {
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  return join(dir, "package");
}

/**
 * A user's project in a temporary folder outside this repository: a copy of
 * `source` (a folder without a package.json: of this repository, such as
 * test/package/minimal-app, or an absolute path), checked with the durable-objects template's
 * tsconfig.json, depending on the tarball as any project would.
 */
export function userProject(source: string, tarball: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dorm-user-"));
  cpSync(isAbsolute(source) ? source : join(ROOT, source), dir, { recursive: true });
  cpSync(join(ROOT, "examples/durable-objects/tsconfig.json"), join(dir, "tsconfig.json"));
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: "user-project",
        private: true,
        type: "module",
        dependencies: { dorm: "*", "itty-router": pinned("itty-router") },
        devDependencies: { "@cloudflare/workers-types": pinned("@cloudflare/workers-types") },
      },
      null,
      2,
    )}\n`,
  );
  install(dir, tarball);
  return dir;
}

/** What `dorm init` made: the project's folder and what the command printed. */
export interface InitProject {
  /** The temporary folder that holds the project (remove this one). */
  readonly parent: string;
  readonly dir: string;
  readonly init: Result;
}

/**
 * A user's project made by `dorm init DIR --template NAME` as the packed
 * package runs it (`packageDir`: the unpacked tarball), in a new temporary
 * folder outside this repository, then installed with the tarball.
 */
export function initProject(template: string, tarball: string, packageDir: string): InitProject {
  const parent = mkdtempSync(join(tmpdir(), "dorm-init-"));
  const dir = join(parent, `my-app-${template}`);
  const init = run(process.execPath, [join(packageDir, "bin/dorm.js"), "init", dir, "--template", template], parent);
  if (init.code !== 0) throw new Error(`dorm init failed:\n${init.stdout}${init.stderr}`);
  install(dir, tarball);
  return { parent, dir, init };
}

/**
 * Installs a project's dependencies with its `dorm` dependency pointed at the
 * tarball (`file:`), from npm's cache like any dependency. The heavy dev
 * tools (vitest, the Workers pool, TypeScript; wrangler runs from this
 * repository through TOOLS_ENV) are this repository's, at the same pinned
 * versions, linked in rather than installed again.
 */
function install(dir: string, tarball: string): void {
  const path = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(path, "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  manifest.dependencies.dorm = `file:${tarball}`;
  for (const tool of LINKED_PACKAGES) delete manifest.devDependencies?.[tool];
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  const result = run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], dir);
  if (result.code !== 0) throw new Error(`npm install failed in ${dir}:\n${result.stdout}${result.stderr}`);
  for (const tool of LINKED) {
    mkdirSync(dirname(join(dir, "node_modules", tool)), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", tool), join(dir, "node_modules", tool), "dir");
  }
}

/**
 * Bundles a project as wrangler deploys it, minified, and reports the sizes:
 * `wrangler deploy [script] --dry-run --minify` (this repository's wrangler),
 * or with `npmScript` the project's own `npm run deploy -- --dry-run`.
 */
export function bundle(project: string, label: string, options: { script?: string; npmScript?: boolean } = {}): { gzipKiB: number; code: string } {
  const out = join(project, `out-${label.replace(/\W+/g, "-")}`);
  const result = options.npmScript
    ? run("npm", ["run", "deploy", "--", "--dry-run", "--outdir", out], project, TOOLS_ENV)
    : run(process.execPath, [WRANGLER, "deploy", ...(options.script ? [options.script] : []), "--dry-run", "--minify", "--outdir", out], project);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const reported = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(result.stdout);
  expect(reported, result.stdout).not.toBeNull();
  const code = readFileSync(join(out, readdirSync(out).find((name) => name.endsWith(".js")) ?? "index.js"));
  console.log(`${label}: ${reported![1]} KiB, gzip ${reported![2]} KiB (node zlib: ${(gzipSync(code).length / 1024).toFixed(2)} KiB)`);
  return { gzipKiB: Number(reported![2]), code: code.toString("utf8") };
}

/**
 * Serves a project's to-do API under wrangler dev (this repository's; a new
 * persist folder unless `persistDir`) and checks it: POST then GET /todos as
 * tenant acme, 404 for another path and, with `tenants`, 400 invalid_shard
 * for a bad tenant name. Resolves to the persist folder (remove it).
 */
export async function expectServesTodos(project: string, options: { text: string; tenants: boolean; persistDir?: string }): Promise<string> {
  const server = await startDev({ cwd: project, readyPath: "/todos", ...(options.persistDir ? { persistDir: options.persistDir } : {}) });
  try {
    const created = await fetch(`${server.url}/todos`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-tenant": "acme" },
      body: JSON.stringify({ text: options.text }),
    });
    expect(created.status, server.output()).toBe(201);
    const list = (await (await fetch(`${server.url}/todos`, { headers: { "x-tenant": "acme" } })).json()) as { text: string }[];
    expect(list.map((todo) => todo.text)).toEqual([options.text]);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    if (options.tenants) {
      const bad = await fetch(`${server.url}/todos`, { headers: { "x-tenant": "Not Valid" } });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: "invalid_shard" });
    }
  } finally {
    await server.stop();
  }
  return server.persistDir;
}
