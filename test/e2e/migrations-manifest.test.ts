// The generated migration manifests (src/cli/manifest.ts, `dorm migrations
// manifest`) and their agreement with the folders wrangler reads.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { getPlatformProxy } from "wrangler";
import { migrations as notesMigrations } from "../../examples/notes/migrations/manifest.ts";
import { migrations as usersMigrations } from "../../src/users/migrations/manifest.ts";
import { buildManifest, checkFolder, parseManifest, readMigrationFolder, sortLikeWrangler } from "../../src/cli/manifest.ts";
import { dorm } from "./support/dorm-cli.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const FOLDERS = ["src/users/migrations", "src/schedule/migrations", "examples/notes/migrations", "examples/durable-objects/migrations", "examples/d1/migrations"];

// Imported by URL with its types written here: src/migrations is typed for
// workerd (workers-types globals), which this Node project does not load.
interface MigrationFile {
  readonly name: string;
  readonly checksum: string;
  readonly statements: readonly string[];
}
interface DormMigrations {
  defineMigrations(options: { app: readonly MigrationFile[]; builtin?: readonly MigrationFile[] }): object;
  d1MigrationStatus(
    db: unknown,
    set: object,
  ): Promise<{ applied: { kind: string; name: string; checksum: string }[]; pending: { kind: string; name: string }[] }>;
  applyD1Migrations(db: unknown, set: object): Promise<{ kind: string; name: string }[]>;
}
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
    // file without running `npm run migrations:manifest` (`dorm migrations manifest <dir>`).
    expect(checkFolder(join(ROOT, folder))).toEqual([]);
  });

  it("pass the command-line check (npm run migrations:check)", async () => {
    const check = await dorm(["migrations", "manifest", "--check", ...FOLDERS]);
    expect(check.stdout).toBe(FOLDERS.map((folder) => `${folder}/manifest.ts matches its folder\n`).join(""));
    expect(check.code, check.stderr).toBe(0);
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
    writeFileSync(join(dir, "0003_add_tags.sql"), "CREATE TABLE tags (name TEXT);\n");
    expect(checkFolder(dir)).toEqual(["0003_add_tags.sql: in the folder, not in manifest.ts (added)"]);
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
    expect(checkFolder(dir)).toEqual(["manifest.ts is not in the generator's format (edited by hand, or written by an older dorm?)"]);
    unlinkSync(manifest);
    expect(checkFolder(dir)).toEqual(["manifest.ts does not exist"]);
  });

  it("fails `dorm migrations manifest --check` with a clear message and passes once regenerated", async () => {
    const dir = copyOfNotes();
    writeFileSync(join(dir, "0003_add_tags.sql"), "CREATE TABLE tags (name TEXT);\n");
    const failed = await dorm(["migrations", "manifest", "--check", dir]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`${join(dir, "manifest.ts")} does not match its folder:`);
    expect(failed.stdout).toContain("0003_add_tags.sql: in the folder, not in manifest.ts (added)");
    expect(failed.stderr).toContain(`npx dorm migrations manifest ${dir}`);

    const written = await dorm(["migrations", "manifest", dir]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain("written (3 files)");
    expect((await dorm(["migrations", "manifest", "--check", dir])).code).toBe(0);
    expect((await dorm(["migrations", "manifest", dir])).stdout).toContain("already up to date (3 files)");
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
    expect(readMigrationFolder(dir).files.map((file) => file.name)).toEqual(["0001_a.sql", "0002_b.sql"]);
  });

  it("keeps any statement exact through the manifest, as parsed back and as TypeScript", async () => {
    const files = [
      { name: "0001_tricky.sql", checksum: "a".repeat(64), statements: ["\ufeffSELECT '`${x}` \\n \\\\\r\n \u2028 \u0000 \t end\r'", "SELECT 2"] },
      { name: "0002_plain.sql", checksum: "b".repeat(64), statements: ["CREATE TABLE t (x)"] },
      { name: "0003_comment.sql", checksum: "c".repeat(64), statements: [] },
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

  it("compiles each file: statements as SQLite splits them, the checksum of its text", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "0001_dump.sql"), "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE d (x);\nCOMMIT;\n");
    const [file] = readMigrationFolder(dir).files;
    expect(file?.statements).toEqual(["PRAGMA foreign_keys=OFF", "CREATE TABLE d (x)"]);
    expect(file?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a file that controls transactions, naming it, and writes nothing", async () => {
    const dir = copyOfNotes();
    const before = readFileSync(join(dir, "manifest.ts"), "utf8");
    writeFileSync(join(dir, "0002_tx.sql"), "CREATE TABLE r (x);\nROLLBACK;\n");
    const run = await dorm(["migrations", "manifest", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dorm: 0002_tx\.sql: contains ROLLBACK; /);
    expect(readFileSync(join(dir, "manifest.ts"), "utf8")).toBe(before);
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

    // The demo's set: its files, and the users table that comes with Access.
    const set = defineMigrations({ app: notesMigrations, builtin: usersMigrations });
    await withDb(async (db) => {
      const before = await d1MigrationStatus(db, set);
      expect(before.applied.map((m) => [m.kind, m.name, m.checksum])).toEqual([
        ["app", "0001_create_notes.sql", "unknown"],
        ["app", "0002_notes_tenant.sql", "unknown"],
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
    // The demo's set: its files, and the users table that comes with Access.
    const set = defineMigrations({ app: notesMigrations, builtin: usersMigrations });
    await withDb(async (db) => {
      expect(await applyD1Migrations(db, set)).toEqual([
        { kind: "builtin", name: "0001_dorm_users.sql" },
        { kind: "app", name: "0001_create_notes.sql" },
        { kind: "app", name: "0002_notes_tenant.sql" },
      ]);
      const ledger = await db.prepare("select name from d1_migrations order by id").all<{ name: string }>();
      expect(ledger.results.map((r) => r.name)).toEqual(["0001_create_notes.sql", "0002_notes_tenant.sql"]);
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
      expect(rows?.n).toBe(2);
    });
  });
});
