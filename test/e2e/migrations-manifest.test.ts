// The generated migration manifests (scripts/migrations-manifest.mjs) and their
// agreement with the folders wrangler reads.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getPlatformProxy } from "wrangler";
import { migrations as notesMigrations } from "../../examples/notes/migrations/manifest.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SCRIPT = join(ROOT, "scripts/migrations-manifest.mjs");
const FOLDERS = ["migrations", "examples/notes/migrations", "examples/durable-objects/migrations", "examples/d1/migrations"];

// Both imported by URL with their types written here: the generator is plain
// JavaScript without declarations, and src/ is typed for workerd (workers-types
// globals), which this Node project does not load.
interface MigrationFile {
  name: string;
  sql: string;
}
interface Generator {
  buildManifest(files: MigrationFile[]): string;
  parseManifest(text: string): MigrationFile[] | null;
  checkFolder(dir: string): string[];
  readMigrationFolder(dir: string): MigrationFile[];
  sortLikeWrangler(names: string[]): string[];
  main(args: string[]): number;
}
interface DormMigrations {
  defineMigrations(options: { app: readonly MigrationFile[] }): object;
  d1MigrationStatus(
    db: unknown,
    set: object,
  ): Promise<{ applied: { kind: string; name: string; checksum: string }[]; pending: { kind: string; name: string }[] }>;
  applyD1Migrations(db: unknown, set: object): Promise<{ kind: string; name: string }[]>;
}
const { buildManifest, checkFolder, main, parseManifest, readMigrationFolder, sortLikeWrangler } = (await import(
  /* @vite-ignore */ pathToFileURL(SCRIPT).href
)) as Generator;
const { applyD1Migrations, d1MigrationStatus, defineMigrations } = (await import(
  /* @vite-ignore */ pathToFileURL(join(ROOT, "src/migrations/index.ts")).href
)) as DormMigrations;

/** The part of a D1 binding these tests use directly. */
interface LocalD1 {
  prepare(sql: string): {
    all<T>(): Promise<{ results: T[] }>;
    first<T>(): Promise<T | null>;
  };
}

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "dorm-migrations-"));
  temporary.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(command: string, args: string[], cwd = ROOT) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("committed manifests", () => {
  it.each(FOLDERS)("%s/manifest.ts matches its .sql files", (folder) => {
    // This is the check that fails when someone adds, edits or removes a .sql
    // file without running `node scripts/migrations-manifest.mjs <dir>`.
    expect(checkFolder(join(ROOT, folder))).toEqual([]);
  });

  it("pass the command-line check", () => {
    const { status, output } = run("node", [SCRIPT, "--check", ...FOLDERS]);
    expect(output).toContain("migrations/manifest.ts matches its folder");
    expect(status).toBe(0);
  });
});

describe("the generator", () => {
  function copyOfNotes(): string {
    const dir = tempDir();
    cpSync(join(ROOT, "examples/notes/migrations"), dir, { recursive: true });
    expect(checkFolder(dir)).toEqual([]);
    return dir;
  }

  it("detects a file added to the folder", () => {
    const dir = copyOfNotes();
    writeFileSync(join(dir, "0002_add_tags.sql"), "CREATE TABLE tags (name TEXT);\n");
    expect(checkFolder(dir)).toEqual(["0002_add_tags.sql: in the folder, not in manifest.ts (added)"]);
  });

  it("detects an edited file, a change of line endings included", () => {
    const dir = copyOfNotes();
    const path = join(dir, "0001_create_notes.sql");
    const original = readFileSync(path, "utf8");
    writeFileSync(path, `${original}-- one more line\n`);
    expect(checkFolder(dir)).toEqual(["0001_create_notes.sql: its text differs from manifest.ts (edited)"]);
    writeFileSync(path, original.replaceAll("\n", "\r\n"));
    expect(checkFolder(dir)).toEqual(["0001_create_notes.sql: its text differs from manifest.ts (edited)"]);
  });

  it("detects a file removed from the folder", () => {
    const dir = copyOfNotes();
    unlinkSync(join(dir, "0001_create_notes.sql"));
    expect(checkFolder(dir)).toEqual(["0001_create_notes.sql: in manifest.ts, not in the folder (removed)"]);
  });

  it("detects a missing or hand-edited manifest", () => {
    const dir = copyOfNotes();
    const manifest = join(dir, "manifest.ts");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace("do not edit", "edit freely"));
    expect(checkFolder(dir)).toEqual(["manifest.ts is not in the generator's format (edited by hand?)"]);
    unlinkSync(manifest);
    expect(checkFolder(dir)).toEqual(["manifest.ts does not exist"]);
  });

  it("fails --check with a clear message and passes once regenerated", () => {
    const dir = copyOfNotes();
    writeFileSync(join(dir, "0002_add_tags.sql"), "CREATE TABLE tags (name TEXT);\n");
    const failed = run("node", [SCRIPT, "--check", dir]);
    expect(failed.status).toBe(1);
    expect(failed.output).toContain(`${join(dir, "manifest.ts")} does not match its folder:`);
    expect(failed.output).toContain("0002_add_tags.sql: in the folder, not in manifest.ts (added)");
    expect(failed.output).toContain(`node scripts/migrations-manifest.mjs ${dir}`);

    const written = run("node", [SCRIPT, dir]);
    expect(written.status).toBe(0);
    expect(written.output).toContain("written (2 files)");
    expect(run("node", [SCRIPT, "--check", dir]).status).toBe(0);
    expect(run("node", [SCRIPT, dir]).output).toContain("already up to date (2 files)");
  });

  it("refuses to run without a folder, or with one that does not exist", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(main([])).toBe(2);
    expect(main(["--check"])).toBe(2);
    expect(main([join(tempDir(), "nope")])).toBe(1);
    expect(errors.mock.calls.map(([message]) => String(message))).toEqual([
      "usage: node scripts/migrations-manifest.mjs [--check] <migrations dir>...",
      "usage: node scripts/migrations-manifest.mjs [--check] <migrations dir>...",
      expect.stringMatching(/nope: no such folder$/),
    ]);
    errors.mockRestore();
  });

  it("orders files as wrangler does and ignores everything but .sql files", () => {
    expect(sortLikeWrangler(["10000_b.sql", "0002_a.sql", "9999_c.sql", "0001_z.sql"])).toEqual([
      "0001_z.sql",
      "0002_a.sql",
      "9999_c.sql",
      "10000_b.sql",
    ]);
    const dir = tempDir();
    writeFileSync(join(dir, "0002_b.sql"), "SELECT 2;");
    writeFileSync(join(dir, "0001_a.sql"), "SELECT 1;");
    writeFileSync(join(dir, "README.md"), "not a migration");
    writeFileSync(join(dir, "0003_c.sql.bak"), "not a migration");
    expect(readMigrationFolder(dir).map((file) => file.name)).toEqual(["0001_a.sql", "0002_b.sql"]);
  });

  it("keeps any text exact through the manifest, as parsed back and as TypeScript", async () => {
    const files = [
      { name: "0001_tricky.sql", sql: "\ufeffSELECT '`${x}` \\n \\\\';\r\n-- \u2028 \u0000 \t end\r" },
      { name: "0002_plain.sql", sql: "CREATE TABLE t (x);\n" },
    ];
    const text = buildManifest(files);
    expect(parseManifest(text)).toEqual(files);
    const dir = tempDir();
    writeFileSync(join(dir, "manifest.ts"), text);
    const module = (await import(/* @vite-ignore */ pathToFileURL(join(dir, "manifest.ts")).href)) as {
      migrations: unknown;
    };
    expect(module.migrations).toEqual(files);
    expect(buildManifest([])).toContain("] = [\n];\n");
  });
});

/** A throwaway project with the demo's migrations and a local D1, driven by wrangler and by dorm. */
function interopProject() {
  const dir = tempDir();
  cpSync(join(ROOT, "examples/notes/migrations"), join(dir, "migrations"), { recursive: true });
  const config = join(dir, "wrangler.toml");
  writeFileSync(
    config,
    [
      'name = "dorm-migrations-interop"',
      'compatibility_date = "2026-11-09"', // the repository's date (root wrangler.toml)
      "[[d1_databases]]",
      'binding = "DB"',
      'database_name = "interop"',
      'database_id = "00000000-0000-0000-0000-00000000d0d0"',
      'migrations_dir = "migrations"',
      "",
    ].join("\n"),
  );
  const wrangler = (...args: string[]) =>
    run(process.execPath, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "d1", "migrations", ...args, "DB", "--local", "--persist-to", join(dir, "state")], dir);
  /** Opens the same local D1 in Node through wrangler's platform proxy. */
  const withDb = async <T>(fn: (db: LocalD1) => Promise<T>): Promise<T> => {
    const proxy = await getPlatformProxy<{ DB: LocalD1 }>({
      configPath: config,
      persist: { path: join(dir, "state", "v3") },
    });
    try {
      return await fn(proxy.env.DB);
    } finally {
      await proxy.dispose();
    }
  };
  return { wrangler, withDb };
}

describe("wrangler d1 migrations and dorm on the same folder and database", () => {
  it("wrangler ignores manifest.ts, and dorm sees wrangler's files as applied (checksum unknown)", async () => {
    const { wrangler, withDb } = interopProject();
    const listed = wrangler("list");
    expect(listed.output).toContain("0001_create_notes.sql");
    expect(listed.output).not.toContain("manifest.ts");
    const applied = wrangler("apply");
    expect(applied.output).toContain("0001_create_notes.sql");
    expect(applied.status).toBe(0);

    const set = defineMigrations({ app: notesMigrations });
    await withDb(async (db) => {
      const before = await d1MigrationStatus(db, set);
      expect(before.applied.map((m) => [m.kind, m.name, m.checksum])).toEqual([
        ["app", "0001_create_notes.sql", "unknown"],
      ]);
      expect(before.pending).toEqual([{ kind: "builtin", name: "0001_dorm_users.sql" }]);
      // dorm adds its built-ins and does not re-run wrangler's file.
      expect(await applyD1Migrations(db, set)).toEqual([{ kind: "builtin", name: "0001_dorm_users.sql" }]);
    });
    // …and wrangler still sees exactly the app's files as applied.
    const after = wrangler("list");
    expect(after.output).toContain("No migrations to apply");
  });

  it("the reverse: dorm applies first, then wrangler has nothing pending and applies nothing", async () => {
    const { wrangler, withDb } = interopProject();
    const set = defineMigrations({ app: notesMigrations });
    await withDb(async (db) => {
      expect(await applyD1Migrations(db, set)).toEqual([
        { kind: "builtin", name: "0001_dorm_users.sql" },
        { kind: "app", name: "0001_create_notes.sql" },
      ]);
      const ledger = await db.prepare("select name from d1_migrations order by id").all<{ name: string }>();
      expect(ledger.results.map((r) => r.name)).toEqual(["0001_create_notes.sql"]);
      const status = await d1MigrationStatus(db, set);
      expect(status.pending).toEqual([]);
      expect(status.applied.every((m) => m.checksum === "ok")).toBe(true);
    });
    const listed = wrangler("list");
    expect(listed.status).toBe(0);
    expect(listed.output).toContain("No migrations to apply");
    const applied = wrangler("apply");
    expect(applied.status).toBe(0);
    expect(applied.output).toContain("No migrations to apply");
    await withDb(async (db) => {
      const rows = await db.prepare("select count(*) as n from d1_migrations").first<{ n: number }>();
      expect(rows?.n).toBe(1);
    });
  });
});
