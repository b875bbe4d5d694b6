import type { TestProject } from "vitest/node";
import { buildDist } from "./support/build.ts";
import { removeDir, startDev } from "./support/wrangler-dev.ts";
import type { DevServer } from "./support/wrangler-dev.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the demo under `wrangler dev`, shared by the e2e files. */
    demoUrl: string;
    /** What the demo's wrangler dev printed until it first answered (its start-up lines). */
    demoStartupLog: string;
  }
}

let server: DevServer | undefined;

/**
 * Builds dist/ once (the CLI tests run bin/dorm.js, which runs dist/cli/),
 * then starts one `wrangler dev` of the demo (temp persist folder) for the
 * e2e project.
 */
export async function setup(project: TestProject): Promise<void> {
  buildDist();
  server = await startDev();
  project.provide("demoUrl", server.url);
  project.provide("demoStartupLog", server.output());
}

export async function teardown(): Promise<void> {
  if (!server) return;
  await server.stop();
  removeDir(server.persistDir);
}
