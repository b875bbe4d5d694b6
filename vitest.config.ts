import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects, both run by `npm test` and in CI:
// - workers: tests inside workerd (real DO SQLite, local D1 and R2), no mocks.
// - e2e: tests in Node against the demo under `wrangler dev`, over real HTTP.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./test/workers/wrangler.toml" } })],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One wrangler dev is shared by the files; running them one after
          // another keeps the 2-core machines here from timing out.
          fileParallelism: false,
        },
      },
    ],
  },
});
