import type { TestProject } from "vitest/node";
import { removeDir, startDev } from "./support/wrangler-dev.ts";
import type { DevServer } from "./support/wrangler-dev.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the demo under `wrangler dev`, shared by the e2e files. */
    demoUrl: string;
  }
}

let server: DevServer | undefined;

/** Starts one `wrangler dev` of the demo (temp persist folder) for the e2e project. */
export async function setup(project: TestProject): Promise<void> {
  server = await startDev();
  project.provide("demoUrl", server.url);
}

export async function teardown(): Promise<void> {
  if (!server) return;
  await server.stop();
  removeDir(server.persistDir);
}
