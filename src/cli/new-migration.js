import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { writeFolderManifest } from "../../scripts/migrations-manifest.mjs";
import { CliError, printable, usageError } from "./errors.js";

// The part after NNNN_ that the runtime accepts (src/migrations/validate.ts).
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const NUMBERED = /^(\d+)_.*\.sql$/;

/**
 * The migrations folder: `--dir`, else `migrations_dir` of the wrangler
 * config in `cwd` (what `wrangler d1 migrations create` uses; the first one
 * when several D1 databases name one), else `migrations`.
 * @param {string | undefined} dir
 * @param {string} cwd
 */
export function migrationsDir(dir, cwd) {
  if (dir !== undefined) return join(cwd, dir);
  for (const file of ["wrangler.toml", "wrangler.json", "wrangler.jsonc"]) {
    const path = join(cwd, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, "utf8");
    const match = /^\s*"?migrations_dir"?\s*[=:]\s*"([^"\n]+)"/m.exec(text);
    if (match?.[1]) return join(cwd, match[1]);
  }
  return join(cwd, "migrations");
}

/**
 * Creates the next `NNNN_<name>.sql` (the highest number in the folder plus
 * one, at least four digits, as wrangler numbers them) with a comment line,
 * so it applies as a no-op until you write SQL in it, and regenerates the
 * folder's `manifest.ts`.
 * @param {string} name
 * @param {string} dir
 * @param {string} cwd
 * @returns {{ file: string, manifest: string, manifestChanged: boolean }}
 */
export function createMigration(name, dir, cwd) {
  if (!NAME.test(name) || name.length > 100) {
    throw usageError(
      `"${printable(name).slice(0, 60)}" is not a migration name: use letters, digits, "_", "." or "-", starting with a letter or digit`,
    );
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot create ${relative(cwd, dir) || "."}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let highest = 0n;
  for (const entry of readdirSync(dir)) {
    const number = NUMBERED.exec(entry)?.[1];
    if (number !== undefined && BigInt(number) > highest) highest = BigInt(number);
  }
  const number = String(highest + 1n).padStart(4, "0");
  const fileName = `${number}_${name}.sql`;
  const file = join(dir, fileName);
  // wrangler's own first line for a new migration.
  writeFileSync(file, `-- Migration number: ${number} \t ${new Date().toISOString()}\n`, { flag: "wx" });
  const { path, changed } = writeFolderManifest(dir);
  return { file: relative(cwd, file), manifest: relative(cwd, path), manifestChanged: changed };
}
