import { env } from "cloudflare:workers";
import { evictDurableObject, listDurableObjectIds } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { d1Mode } from "../../../src/d1/index.ts";
import type { RouterConfig } from "../../../src/index.ts";
import { socketsAccessApp } from "../fixtures/sockets-app.ts";
import { claims, fixtureKey, runWorker, sign, tenant, withToken } from "../access/support.ts";
import type { TestKey } from "../access/support.ts";
import { clientOf, freshShard } from "./support.ts";

// Upgrades through dorm's router to SocketsAccessApp: Access on, and an
// authorize hook at the router that lets only member@… addresses in.

let key: TestKey;
beforeAll(async () => {
  key = await fixtureKey();
});

const run = (request: Request, config: Partial<RouterConfig<Cloudflare.Env>> = {}) =>
  runWorker({ binding: "SOCKETS_ACCESS_APP", app: socketsAccessApp, ...config }, request);

/** An upgrade of `/live` for `shard`, with `token` (or none). */
const live = (token: string | null, shard: string) => tenant(withToken(token, "/live", { headers: { upgrade: "websocket" } }), shard);

async function objectExists(shard: string): Promise<boolean> {
  const id = env.SOCKETS_ACCESS_APP.idFromName(shard).toString();
  return (await listDurableObjectIds(env.SOCKETS_ACCESS_APP)).some((existing) => existing.toString() === id);
}

describe("upgrades through the router", () => {
  it("refuses an upgrade without a valid token with a plain 401, creating no object", async () => {
    const expired = await sign(key, claims("member@example.com", { exp: Math.floor(Date.now() / 1000) - 600 }));
    const forged = (await sign(key, claims("member@example.com"))).slice(0, -4) + "AAAA";
    for (const token of [null, expired, forged, "not-a-jwt"]) {
      const shard = freshShard("anon");
      const response = await run(live(token, shard));
      expect([response.status, response.webSocket]).toEqual([401, null]);
      expect(await response.json()).toMatchObject({ error: "unauthorized" });
      expect(await objectExists(shard)).toBe(false);
    }
  });

  it("refuses a non-member with a plain 403 before any object is created", async () => {
    const shard = freshShard("private");
    const response = await run(live(await sign(key, claims("outsider@example.com")), shard));
    expect([response.status, response.webSocket]).toEqual([403, null]);
    expect(await response.json()).toMatchObject({ error: "forbidden" });
    expect(await objectExists(shard)).toBe(false);
  });

  it("refuses an invalid shard name with 400", async () => {
    const response = await run(live(await sign(key, claims("member@example.com")), "../etc"));
    expect([response.status, response.webSocket]).toEqual([400, null]);
    expect(await response.json()).toMatchObject({ error: "invalid_shard" });
  });

  it("accepts a member; the user travels in the attachment, without the token's claims, and survives an eviction", async () => {
    const shard = freshShard("members");
    const client = clientOf(await run(live(await sign(key, claims("member@example.com", { name: "Ada L" })), shard)));
    const expected = {
      user: { id: expect.any(Number), email: "member@example.com", name: "Ada L", isStaff: false, isSuperuser: false, service: null },
      shard,
      state: null,
      tags: [],
    };
    expect(JSON.parse(await client.ask("whoami"))).toEqual(expected);
    await evictDurableObject(env.SOCKETS_ACCESS_APP.get(env.SOCKETS_ACCESS_APP.idFromName(shard)));
    // The new instance knows the sender from the attachment: no token was sent with the message.
    expect(JSON.parse(await client.ask("whoami"))).toEqual(expected);
    client.ws.close();
  });

  it("answers the app's own keep-alive pair in the runtime; ping is then an ordinary message", async () => {
    const client = clientOf(await run(live(await sign(key, claims("member@example.com")), freshShard("hb"))));
    expect(await client.ask("hb")).toBe("hb-ack");
    expect(await client.ask("ping")).toBe("echo:ping");
    client.ws.close();
  });

  it("answers 501 sockets_unavailable in D1 mode, where no object can hold a socket", async () => {
    const response = await run(live(await sign(key, claims("member@example.com")), freshShard("d1")), { d1: d1Mode({ autoMigrate: true }) });
    expect([response.status, response.webSocket]).toEqual([501, null]);
    expect(await response.json()).toMatchObject({ error: "sockets_unavailable" });
  });
});
