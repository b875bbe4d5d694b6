import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { wrangler } from "./support/wrangler-cli.ts";

// Issue 8's budget, held in CI: the demo worker as `wrangler deploy --dry-run`
// writes it, with the project's own minify and keep_names settings, stays
// within 30 KiB gzip. `npm run bench -- --only=bundle` says which parts weigh what.
const BUDGET_KIB = 30;

it(`the demo bundle stays within ${BUDGET_KIB} KiB gzip`, async () => {
  const out = mkdtempSync(join(tmpdir(), "dorm-bundle-"));
  try {
    const result = await wrangler(["deploy", "--dry-run", "--outdir", out]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const reported = /Total Upload: [\d.]+ KiB \/ gzip: ([\d.]+) KiB/.exec(result.stdout);
    expect(reported, result.stdout).not.toBeNull();
    expect(Number(reported![1])).toBeLessThanOrEqual(BUDGET_KIB);
    // keep_names = false: no __name() wrapper around every function.
    expect(readFileSync(join(out, "index.js"), "utf8")).not.toMatch(/__name\(/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
