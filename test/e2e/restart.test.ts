import { afterAll, expect, it } from "vitest";
import { postJson, tenantClient } from "./support/client.ts";
import { removeDir, startDev } from "./support/wrangler-dev.ts";
import type { DevServer } from "./support/wrangler-dev.ts";

let dev: DevServer | undefined;
let persistDir: string | undefined;

afterAll(async () => {
  await dev?.stop();
  if (persistDir) removeDir(persistDir);
});

it("keeps data across a restart of wrangler dev with the same persisted state", async () => {
  dev = await startDev();
  persistDir = dev.persistDir;
  const api = tenantClient(dev.url, "restart");
  const created = await api.json<{ id: number }>("/notes", postJson({ title: "survives" }));
  expect(created.status).toBe(201);
  await dev.stop();

  dev = await startDev({ persistDir });
  const after = await tenantClient(dev.url, "restart").json<{ notes: { id: number; title: string }[] }>("/notes");
  expect(after.status).toBe(200);
  expect(after.body.notes).toEqual([expect.objectContaining({ id: created.body.id, title: "survives" })]);
}, 240_000);
