import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

/**
 * The migrations folder when none is named on the command line: `dir`
 * (`--dir`), else `migrations_dir` of the wrangler config in `cwd` (what
 * `wrangler d1 migrations create` uses; the first one when several D1
 * databases name one), else `migrations`. Relative paths are from `cwd`.
 */
export function migrationsDir(dir: string | undefined, cwd: string): string {
  if (dir !== undefined) return resolve(cwd, dir);
  for (const file of ["wrangler.toml", "wrangler.json", "wrangler.jsonc"]) {
    const path = resolve(cwd, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, "utf8");
    const match = /^\s*"?migrations_dir"?\s*[=:]\s*"([^"\n]+)"/m.exec(text);
    if (match?.[1]) return resolve(cwd, match[1]);
  }
  return resolve(cwd, "migrations");
}

/** A path as the CLI prints it: relative to `cwd` when under it, else absolute. */
export function shownPath(path: string, cwd: string): string {
  const under = relative(cwd, path);
  if (under === "") return ".";
  return under.startsWith("..") || isAbsolute(under) ? path : under;
}
