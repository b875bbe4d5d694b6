import { statSync } from "node:fs";
import { resolve } from "node:path";
import { CliError, FAILURE_EXIT } from "./errors.ts";
import type { Io } from "./io.ts";
import { checkFolder, MANIFEST, writeFolderManifest } from "./manifest.ts";
import { migrationsDir, shownPath } from "./migrations-dir.ts";

/** What `dorm migrations manifest` was asked: folders (`DIR...`, else `--dir`, else the default), and whether only to check. */
export interface ManifestRequest {
  readonly dirs: readonly string[];
  readonly dir: string | undefined;
  readonly check: boolean;
}

/**
 * `dorm migrations manifest`: (re)writes each folder's manifest.ts, or with
 * `check` writes nothing and fails (exit 1) naming the folders whose
 * manifest.ts disagrees with their .sql files. Every folder must exist,
 * else nothing is written.
 */
export function runManifest(request: ManifestRequest, io: Io): number {
  const dirs = request.dirs.length > 0 ? request.dirs.map((dir) => resolve(io.cwd, dir)) : [migrationsDir(request.dir, io.cwd)];
  const defaulted = request.dirs.length === 0 && request.dir === undefined;
  for (const dir of dirs) requireFolder(dir, io.cwd, defaulted);
  if (!request.check) {
    for (const dir of dirs) {
      const { path, files, unwritten, changed } = writeFolderManifest(dir);
      io.stdout(`${shownPath(path, io.cwd)}: ${changed ? "written" : "already up to date"} (${files} file${files === 1 ? "" : "s"})\n`);
      for (const name of unwritten) io.stdout(`  ${name}: no SQL yet, left out (it is applied once it holds some and the manifest is written again)\n`);
    }
    return 0;
  }
  const stale: string[] = [];
  for (const dir of dirs) {
    const manifest = shownPath(resolve(dir, MANIFEST), io.cwd);
    const problems = checkFolder(dir);
    if (problems.length === 0) {
      io.stdout(`${manifest} matches its folder\n`);
    } else {
      stale.push(shownPath(dir, io.cwd));
      io.stdout(`${manifest} does not match its folder:\n${problems.map((problem) => `  ${problem}\n`).join("")}`);
    }
  }
  if (stale.length === 0) return 0;
  io.stderr(
    `dorm: ${MANIFEST} out of date in ${stale.length} of ${dirs.length} folder${dirs.length === 1 ? "" : "s"}: ${stale.join(", ")}; ` +
      `regenerate with \`npx dorm migrations manifest ${stale.join(" ")}\` and commit\n`,
  );
  return FAILURE_EXIT;
}

function requireFolder(dir: string, cwd: string, defaulted: boolean): void {
  const isFolder = statSync(dir, { throwIfNoEntry: false })?.isDirectory();
  if (isFolder) return;
  const hint = defaulted ? " (the default: migrations_dir of ./wrangler.toml, else ./migrations; or name it: DIR or --dir)" : "";
  throw new CliError(`${isFolder === false ? "not a folder" : "no such folder"}: ${shownPath(dir, cwd)}${hint}`);
}
