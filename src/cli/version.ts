import { readFileSync } from "node:fs";

/**
 * dorm's version, from the package.json two folders up at run time: the
 * package's root from src/cli/ and from dist/cli/, in this repository and
 * installed under node_modules/dorm alike.
 */
export function packageVersion(): string {
  const url = new URL("../../package.json", import.meta.url);
  const { version } = JSON.parse(readFileSync(url, "utf8")) as { version?: unknown };
  return String(version ?? "unknown");
}
