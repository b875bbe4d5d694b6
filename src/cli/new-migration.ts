import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMigrationFileName } from "../migrations/validate.ts";
import { CliError, printable, usageError } from "./errors.ts";
import { writeFolderManifest } from "./manifest.ts";
import { shownPath } from "./migrations-dir.ts";

const NUMBERED = /^(\d+)_.*\.sql$/;

/** What `dorm migrations new` made: paths as printed (relative to the working folder). */
export interface CreatedMigration {
  readonly file: string;
  readonly manifest: string;
  readonly manifestChanged: boolean;
}

/**
 * Creates the next `NNNN_<name>.sql` (the highest number in the folder plus
 * one, at least four digits, as wrangler numbers them) with a comment line,
 * and regenerates the folder's `manifest.ts`, which leaves the file out (so
 * nothing applies it, or records it as applied) until it holds SQL.
 */
export function createMigration(name: string, dir: string, cwd: string): CreatedMigration {
  // The runtime's rule for the part after NNNN_, whatever number the file gets.
  if (!isMigrationFileName(`0001_${name}.sql`) || name.length > 100) {
    throw usageError(
      `"${printable(name).slice(0, 60)}" is not a migration name: use letters, digits, "_", "." or "-", starting with a letter or digit`,
    );
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot create ${shownPath(dir, cwd)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let highest = 0n;
  for (const entry of readdirSync(dir)) {
    const number = NUMBERED.exec(entry)?.[1];
    if (number !== undefined && BigInt(number) > highest) highest = BigInt(number);
  }
  const number = String(highest + 1n).padStart(4, "0");
  const file = join(dir, `${number}_${name}.sql`);
  // wrangler's own first line for a new migration.
  writeFileSync(file, `-- Migration number: ${number} \t ${new Date().toISOString()}\n`, { flag: "wx" });
  const { path, changed } = writeFolderManifest(dir);
  return { file: shownPath(file, cwd), manifest: shownPath(path, cwd), manifestChanged: changed };
}
