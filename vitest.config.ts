import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// The templates import "dorm" and its subpaths as a user would; in these
// projects those names mean this repository's source: "dorm" → src/index.ts,
// "dorm/x" → src/x/index.ts. (Their wrangler.toml has no alias: it is the one
// `dorm init` gives a user. test/package/init.test.ts runs them as a user's
// project, on the packed tarball.)
const src = fileURLToPath(new URL("./src/", import.meta.url));
const dorm = [
  { find: /^dorm$/, replacement: `${src}index.ts` },
  { find: /^dorm\/([a-z0-9-]+)$/, replacement: `${src}$1/index.ts` },
];

/** A workers-pool project for a template, on the template's own wrangler.toml. */
function template(name: string) {
  return {
    plugins: [cloudflareTest({ wrangler: { configPath: `./examples/${name}/wrangler.toml` } })],
    resolve: { alias: dorm },
    test: { name: `template-${name}`, include: [`examples/${name}/test/**/*.test.ts`] },
  };
}

// Two projects, both run by `npm test` and in CI:
// - workers: tests inside workerd (real DO SQLite, local D1 and R2), no mocks.
// - e2e: tests in Node against the demo under `wrangler dev`, over real HTTP.
// The templates under examples/ add a workers-pool project each, on their own
// wrangler.toml, against the source.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./test/workers/wrangler.toml" },
            // A fresh signing secret per run: none is committed (test/package/secrets.test.ts).
            miniflare: { bindings: { FILES_SIGNING_SECRET: randomBytes(32).toString("base64url") } },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          // A loopback Access key server (Node) the Access tests fetch keys
          // from; its address reaches them through provide/inject.
          globalSetup: ["test/e2e/support/access-workers-setup.ts"],
        },
      },
      template("durable-objects"),
      template("d1"),
      {
        test: {
          // The package as users get it: layering of src/, the packed tarball
          // installed into a fresh project (Node, no wrangler dev).
          name: "package",
          include: ["test/package/**/*.test.ts"],
          environment: "node",
          testTimeout: 300_000,
          hookTimeout: 300_000,
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
