import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { wrangler } from "./support/wrangler-cli.ts";

// Each template bundles with wrangler exactly as a user would deploy it (no
// account needed for --dry-run); their behaviour is tested by the
// template-* vitest projects inside workerd.
describe.each(["d1", "durable-objects"])("examples/%s", (name) => {
  it("bundles with wrangler deploy --dry-run", async () => {
    const out = mkdtempSync(join(tmpdir(), `dorm-template-${name}-`));
    try {
      const result = await wrangler(["deploy", "--dry-run", "--outdir", out, "-c", `examples/${name}/wrangler.toml`]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const bundle = join(out, "index.js");
      expect(existsSync(bundle)).toBe(true);
      expect(statSync(bundle).size).toBeGreaterThan(1000);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
