import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { ring } from "../../../src/index.ts";
import { ADMIN_FANOUT_CONCURRENCY } from "../../../src/admin/protocol.ts";
import type { GetStub } from "../../../src/router/types.ts";
import { ALL_MIGRATIONS, adminRequest, adminStub, fresh, route, routeText } from "./helpers.ts";
import type { AdminBody } from "./helpers.ts";

const key = (request: Request) => request.headers.get("x-user");

describe("admin fan-out across a ring", () => {
  it("migrates every shard; one that fails is reported and the others still apply", async () => {
    const prefix = `${fresh("ring")}-`;
    const shard = ring({ shards: 5, key, prefix });
    await adminStub(`${prefix}1`).sabotage();
    const response = await route({ shard }, adminRequest("migrate", { method: "POST" }));
    expect(response.status).toBe(500);
    const body = await response.json<AdminBody>();
    expect(body).toMatchObject({ error: "admin_failed", message: "1 of 5 shards failed", op: "migrate", ok: false });
    // In ring order, each shard's own outcome.
    expect(body.results.map((r) => r.shard)).toEqual(shard.shards);
    for (const report of body.results) {
      if (report.shard === `${prefix}1`) {
        expect(report).toMatchObject({
          ok: false,
          error: { code: "migration_failed", file: "0001_items.sql", applied: [{ kind: "builtin", name: "0001_dorm_users.sql" }] },
        });
        expect(!report.ok && report.error.message).toMatch(/table items already exists/);
      } else {
        expect(report).toEqual({ shard: report.shard, engine: "do", ok: true, result: { applied: ALL_MIGRATIONS, changed: [] } });
      }
    }
    // The healthy shards really are migrated.
    expect((await adminStub(`${prefix}4`).migrations()).pending).toEqual([]);
  });

  it("reports an object that throws as shard_failed with its message, next to the others' results", async () => {
    const prefix = `boom-${Date.now().toString(36)}-`;
    const shard = ring({ shards: 4, key, prefix });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await route({ shard }, adminRequest("stats"));
      expect(response.status).toBe(500);
      const body = await response.json<AdminBody>();
      expect(body.message).toBe("1 of 4 shards failed");
      expect(body.results.filter((r) => r.ok).map((r) => r.shard)).toEqual([`${prefix}0`, `${prefix}1`, `${prefix}3`]);
      expect(body.results[2]).toEqual({
        shard: `${prefix}2`,
        engine: "do",
        ok: false,
        error: { code: "shard_failed", message: `stats exploded on ${prefix}2` },
      });
      const logged = error.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
      expect(logged).toContainEqual(expect.objectContaining({ logger: "dorm.admin", message: "admin call failed", shard: `${prefix}2` }));
    } finally {
      error.mockRestore();
    }
  });

  it("streams each shard's line as it finishes, failures included, then the end line", async () => {
    const prefix = `boom-${fresh("s")}-`;
    const shard = ring({ shards: 3, key, prefix });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { response, text } = await routeText({ shard }, adminRequest("stats", { headers: { accept: "application/x-ndjson" } }));
      expect(response.status).toBe(200);
      const lines = text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines[0]).toEqual({ type: "start", op: "stats", targets: shard.shards });
      const shardLines = lines.slice(1, -1);
      expect(shardLines.map((l) => l.shard).sort()).toEqual([...shard.shards].sort());
      expect(shardLines.find((l) => l.shard === `${prefix}2`)).toMatchObject({ type: "shard", ok: false });
      expect(lines.at(-1)).toEqual({ type: "end", ok: false, failed: 1, total: 3 });
    } finally {
      error.mockRestore();
    }
  });

  it(`keeps at most ${ADMIN_FANOUT_CONCURRENCY} shards in flight`, async () => {
    const shard = ring({ shards: 20, key, prefix: `${fresh("wide")}-` });
    let inFlight = 0;
    let peak = 0;
    const getStub: GetStub = (namespace, name, options) => {
      const real = namespace.get(namespace.idFromName(name), options) as unknown as DurableObjectStub<
        import("../fixtures/admin-app.ts").AdminApp
      >;
      return {
        fetch: (request: Request) => real.fetch(request),
        async dormAdmin(request: Parameters<typeof real.dormAdmin>[0]) {
          inFlight++;
          peak = Math.max(peak, inFlight);
          try {
            // Yield a few times so overlapping calls would show.
            await new Promise((resolve) => setTimeout(resolve, 5));
            return await real.dormAdmin(request);
          } finally {
            inFlight--;
          }
        },
      } as unknown as ReturnType<GetStub>;
    };
    const response = await route({ shard, getStub }, adminRequest("migrations"));
    expect(response.status).toBe(200);
    expect((await response.json<AdminBody>()).results).toHaveLength(20);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(ADMIN_FANOUT_CONCURRENCY);
  });

  it("retries a call the runtime marks retryable, once", async () => {
    const name = fresh("retry");
    let calls = 0;
    const getStub: GetStub = (namespace, shardName, options) => {
      const real = namespace.get(namespace.idFromName(shardName), options) as unknown as {
        dormAdmin(request: unknown): Promise<unknown>;
      };
      return {
        fetch: () => Promise.reject(new Error("not used")),
        dormAdmin(request: unknown) {
          calls++;
          if (calls === 1) return Promise.reject(Object.assign(new Error("network blip"), { retryable: true }));
          return real.dormAdmin(request);
        },
      } as unknown as ReturnType<GetStub>;
    };
    const response = await route({ shard: ring({ shards: 1, key, prefix: `${name}-` }), getStub }, adminRequest("migrations"));
    expect(response.status).toBe(200);
    expect(calls).toBe(2);
    expect(env.ADMIN_APP).toBeDefined();
  });
});
