// The admin routes over real HTTP on the shared demo server, which runs
// without ADMIN_TOKEN: every admin call is refused, and refusing a request
// with a body must not break the next one (wrangler dev restarts a worker
// that answers before reading its body).
import { describe, expect, inject, it } from "vitest";

const base = inject("demoUrl");

describe("admin routes under wrangler dev without ADMIN_TOKEN", () => {
  it("answer 401 to every call, with the token scheme named", async () => {
    for (const [method, op] of [
      ["POST", "migrate"],
      ["GET", "migrations"],
      ["POST", "create-admin"],
      ["GET", "stats"],
      ["GET", "no-such-op"],
    ] as const) {
      const response = await fetch(`${base}/_dorm/admin/${op}`, {
        method,
        headers: { authorization: "Bearer some-token-that-is-long-enough" },
      });
      expect(response.status, op).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="dorm admin"');
      expect(await response.json()).toEqual({ error: "unauthorized", message: "missing or invalid admin token", requestId: response.headers.get("x-dorm-request-id") });
    }
  });

  it("drain a refused body, so the next request is served", async () => {
    const body = new Uint8Array(2 * 1024 * 1024).fill(120);
    for (let i = 0; i < 4; i++) {
      const refused = await fetch(`${base}/_dorm/admin/create-admin`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer wrong" },
        body,
      });
      expect(refused.status).toBe(401);
      await refused.arrayBuffer();
      const next = await fetch(`${base}/health`);
      expect(next.status).toBe(200);
      await next.arrayBuffer();
    }
  });
});
