import { describe, expect, it, vi } from "vitest";
import { singleton } from "../../../src/index.ts";
import { checkAdminToken } from "../../../src/admin/token.ts";
import { TOKEN, adminRequest, route, routesWithToken } from "./helpers.ts";

const shard = singleton();

async function refused(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toBe('Bearer realm="dorm admin"');
  expect(await response.json()).toEqual({ error: "unauthorized", message: "missing or invalid admin token", requestId: expect.any(String) });
}

describe("admin token guard", () => {
  it("accepts the right token", async () => {
    const response = await route({ shard }, adminRequest("migrations"));
    expect(response.status).toBe(200);
    expect((await response.json<{ ok: boolean }>()).ok).toBe(true);
  });

  it("refuses a missing, wrong, or malformed Authorization header with one and the same 401", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const headers: (string | null)[] = [
        null,
        "",
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(0, -1)}`,
        `Bearer ${TOKEN.toUpperCase()}`,
        `Basic ${btoa(`admin:${TOKEN}`)}`,
        TOKEN,
        `Bearer`,
        `Bearer ${TOKEN} extra`,
        `Bearer ${TOKEN}\u00e9`,
        `Bearer ${"a".repeat(100_000)}`,
        `Bearer ${TOKEN}${"=".repeat(2000)}`,
        `Bearer ${TOKEN}, Bearer ${TOKEN}`,
      ];
      for (const header of headers) {
        const init = header === null ? { headers: { authorization: "" } } : { headers: { authorization: header } };
        const request = adminRequest("migrations", init);
        if (header === null) request.headers.delete("authorization");
        await refused(await route({ shard }, request));
      }
      // Logged with a reason, never with the token.
      const lines = warn.mock.calls.map((call) => String(call[0]));
      expect(lines.length).toBe(headers.length);
      for (const line of lines) {
        expect(JSON.parse(line)).toMatchObject({ logger: "dorm.admin", message: "admin request refused" });
        expect(line).not.toContain(TOKEN.slice(4));
      }
    } finally {
      warn.mockRestore();
    }
  });

  it("accepts the scheme in any case and spaces around the token", async () => {
    for (const header of [`bearer ${TOKEN}`, `BEARER  ${TOKEN}`, `Bearer ${TOKEN} `]) {
      const response = await route({ shard }, adminRequest("migrations", { headers: { authorization: header } }));
      expect(response.status, header).toBe(200);
    }
  });

  it("answers 401 to everyone when no token (or a too short one) is configured, and says why in the log", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const configured of [undefined, "", "short-token"]) {
        const response = await route({ shard, admin: routesWithToken(() => configured) }, adminRequest("migrations"));
        await refused(response);
      }
      // The default reads env.ADMIN_TOKEN, which the test env does not set.
      const worker = await route({ shard, admin: routesWithToken(undefined) }, adminRequest("migrations"));
      await refused(worker);
      const lines = error.mock.calls.map((call) => JSON.parse(String(call[0])) as { reason: string });
      expect(lines.map((line) => line.reason)).toEqual(["not_configured", "not_configured", "too_short", "not_configured"]);
    } finally {
      error.mockRestore();
    }
  });

  it("reads the default token from env.ADMIN_TOKEN", async () => {
    const { env } = await import("cloudflare:workers");
    const response = await route({ shard, admin: routesWithToken(undefined) }, adminRequest("migrations"), {
      ...env,
      ADMIN_TOKEN: TOKEN,
    } as Cloudflare.Env);
    expect(response.status).toBe(200);
  });

  it("checks the token before anything else: unknown operations and bad methods read as 401 too", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const wrong = { authorization: "Bearer nope-nope-nope-nope" };
      await refused(await route({ shard }, adminRequest("no-such-op", { headers: wrong })));
      await refused(await route({ shard }, adminRequest("migrate", { headers: wrong })));
      await refused(
        await route({ shard }, adminRequest("create-admin", { method: "POST", headers: wrong, body: "x".repeat(100_000) })),
      );
    } finally {
      warn.mockRestore();
    }
  });

  it("compares in constant time over MACs and reports a reason", async () => {
    expect(await checkAdminToken(`Bearer ${TOKEN}`, TOKEN)).toBeNull();
    expect(await checkAdminToken(`Bearer ${TOKEN}`, undefined)).toBe("not_configured");
    expect(await checkAdminToken(`Bearer ${TOKEN}`, "0123456789abcde")).toBe("too_short");
    expect(await checkAdminToken(null, TOKEN)).toBe("missing");
    expect(await checkAdminToken(`Bearer a b`, TOKEN)).toBe("malformed");
    expect(await checkAdminToken(`Bearer ${"x".repeat(2000)}`, TOKEN)).toBe("malformed");
    expect(await checkAdminToken(`Bearer x`, TOKEN)).toBe("wrong");
  });
});
