import { spawnSync } from "node:child_process";
import { ROOT } from "./wrangler-dev.ts";

/**
 * Builds dist/ as `npm run build` does (the library, then the CLI that
 * bin/dorm.js runs), so the CLI tests never run a stale build. Throws with
 * tsc's output when the build fails.
 */
export function buildDist(): void {
  const result = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
}
