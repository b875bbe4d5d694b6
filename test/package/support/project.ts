import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** This repository. */
export const ROOT = resolve(import.meta.dirname, "../../..");

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

/**
 * A user's project in a temporary folder outside this repository: a copy of
 * `source` (a folder of this repository, or an absolute path), made to stand alone (an `[alias]`
 * to dorm's source removed), that installs `tarball` from npm's cache like any
 * dependency. The toolchain (TypeScript, wrangler, vitest and the Workers
 * pool) is this repository's, at the same pinned versions, linked in rather
 * than installed again.
 */
export function userProject(source: string, tarball: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dorm-user-"));
  cpSync(isAbsolute(source) ? source : join(ROOT, source), dir, { recursive: true });
  const toml = join(dir, "wrangler.toml");
  writeFileSync(toml, readFileSync(toml, "utf8").replace(/\n# Inside the dorm repository[^\n]*\n# own project[^\n]*\n\[alias\]\n(?:"[^\n]*\n)+/, "\n"));
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: "user-project",
        private: true,
        type: "module",
        dependencies: { dorm: `file:${tarball}`, "itty-router": pinned("itty-router") },
        devDependencies: { "@cloudflare/workers-types": pinned("@cloudflare/workers-types") },
      },
      null,
      2,
    )}\n`,
  );
  // The strictest settings a user may have, library files checked too. The
  // app's code only: the tests are vitest's to compile (and vitest's own
  // declaration files do not pass skipLibCheck: false).
  writeFileSync(
    join(dir, "tsconfig.json"),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: "es2022",
          module: "es2022",
          moduleResolution: "bundler",
          lib: ["es2023"],
          types: ["@cloudflare/workers-types"],
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noImplicitOverride: true,
          noImplicitReturns: true,
          verbatimModuleSyntax: true,
          allowImportingTsExtensions: true,
          skipLibCheck: false,
          noEmit: true,
        },
        include: ["src", "migrations"],
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(dir, "vitest.config.ts"),
    [
      'import { cloudflareTest } from "@cloudflare/vitest-plugin";',
      'import { defineConfig } from "vitest/config";',
      "",
      'export default defineConfig({ plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })] });',
      "",
    ].join("\n"),
  );
  const install = run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], dir);
  if (install.code !== 0) throw new Error(`npm install failed in ${dir}:\n${install.stdout}${install.stderr}`);
  for (const tool of ["vitest", "@vitest", "@cloudflare/vitest-plugin", "typescript"]) {
    symlinkSync(join(ROOT, "node_modules", tool), join(dir, "node_modules", tool), "dir");
  }
  return dir;
}

/** Removes a folder made by these helpers. */
export function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
