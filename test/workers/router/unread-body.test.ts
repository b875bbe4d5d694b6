import { describe, expect, it } from "vitest";
import { byHeader } from "../../../src/index.ts";
import { route } from "./helpers.ts";

function trackedBody(chunks: number): { body: ReadableStream<Uint8Array>; pulled(): number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(1024));
    },
  });
  return { body, pulled: () => pulled };
}

describe("bodies of requests the router answers itself", () => {
  it("are read to the end before a 400, so the runtime is not left pumping them", async () => {
    const tracked = trackedBody(20);
    const response = await route(
      { shard: byHeader("x-tenant") },
      new Request("https://app/notes", { method: "POST", body: tracked.body, headers: { "x-tenant": "NOT VALID" } }),
    );
    expect(response.status).toBe(400);
    expect(tracked.pulled()).toBe(20);
  });

  it("are left to the object when forwarded", async () => {
    const response = await route(
      { shard: byHeader("x-tenant") },
      new Request("https://app/echo", { method: "POST", body: "kept", headers: { "x-tenant": "acme" } }),
    );
    expect(await response.json()).toMatchObject({ body: "kept", method: "POST" });
  });
});
