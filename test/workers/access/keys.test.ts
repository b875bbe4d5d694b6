import { describe, expect, it, vi } from "vitest";
import { AccessError, defineAccess, verifyAccessToken } from "../../../src/access/index.ts";
import { TokenCache } from "../../../src/access/token-cache.ts";
import type { AccessClaims } from "../../../src/access/index.ts";
import {
  accessFor,
  claims,
  createRealm,
  failRealm,
  fetches,
  fresh,
  newKey,
  route,
  setRealmKeys,
  sign,
  withToken,
} from "./support.ts";

// Each test has its own realm (certs URL), so each starts with an empty
// module-scope key set. Fetches are counted by the key server itself.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("key set caching", () => {
  it("20 requests with 20 distinct tokens fetch the keys once", async () => {
    const key = await newKey();
    const realm = await createRealm([key]);
    for (let i = 0; i < 20; i++) {
      // Distinct tokens, so the verified-token cache cannot hide a refetch.
      const token = await sign(key, claims(`user${i}@example.com`, { jti: crypto.randomUUID() }));
      expect((await route(accessFor(realm), withToken(token))).status).toBe(200);
    }
    expect(await fetches(realm)).toBe(1);
  });

  it("20 concurrent first requests fetch the keys once", async () => {
    const key = await newKey();
    const realm = await createRealm([key]);
    const tokens = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sign(key, claims(`c${i}@example.com`))),
    );
    const statuses = await Promise.all(tokens.map(async (t) => (await route(accessFor(realm), withToken(t))).status));
    expect(statuses).toEqual(Array(20).fill(200));
    expect(await fetches(realm)).toBe(1);
  });

  it("with the verified-token cache off, repeated tokens still fetch the keys once", async () => {
    const key = await newKey();
    const realm = await createRealm([key]);
    const token = await sign(key, claims());
    for (let i = 0; i < 20; i++) {
      expect((await route(accessFor(realm, { tokenCache: false }), withToken(token))).status).toBe(200);
    }
    expect(await fetches(realm)).toBe(1);
  });
});

describe("rotation", () => {
  it("a new kid causes one refetch, then is admitted and cached", async () => {
    const first = await newKey();
    const second = await newKey();
    const realm = await createRealm([first]);
    // Cooldown 0, so this test need not wait it out (the storm test covers it).
    const options = accessFor(realm, { keyRefetchCooldown: 0 });
    expect((await route(options, withToken(await sign(first, claims("a@example.com"))))).status).toBe(200);
    expect(await fetches(realm)).toBe(1);

    await setRealmKeys(realm, [first, second]);
    expect((await route(options, withToken(await sign(second, claims("b@example.com"))))).status).toBe(200);
    expect(await fetches(realm)).toBe(2);
    expect((await route(options, withToken(await sign(second, claims("c@example.com"))))).status).toBe(200);
    expect((await route(options, withToken(await sign(first, claims("d@example.com"))))).status).toBe(200);
    expect(await fetches(realm)).toBe(2);
  });

  it("within the cooldown an unknown kid is refused without a refetch", async () => {
    const first = await newKey();
    const second = await newKey();
    const realm = await createRealm([first]);
    const options = accessFor(realm); // default cooldown: 30 s
    expect((await route(options, withToken(await sign(first, claims()))))).toHaveProperty("status", 200);
    await setRealmKeys(realm, [first, second]);
    expect((await route(options, withToken(await sign(second, claims()))))).toHaveProperty("status", 401);
    expect(await fetches(realm)).toBe(1);
  });
});

describe("fetch storm", () => {
  it("100 garbage kids at a cold start cost one fetch", async () => {
    const key = await newKey();
    const stranger = await newKey();
    const realm = await createRealm([key]);
    const tokens = await Promise.all(
      Array.from({ length: 100 }, () => sign({ ...stranger, kid: fresh("garbage") }, claims())),
    );
    const statuses = await Promise.all(tokens.map(async (t) => (await route(accessFor(realm), withToken(t))).status));
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(await fetches(realm)).toBe(1);
  });

  it("100 garbage kids after the cooldown cost at most one refetch, concurrent or not", async () => {
    const key = await newKey();
    const stranger = await newKey();
    const realm = await createRealm([key]);
    const options = accessFor(realm, { keyRefetchCooldown: 1 });
    expect((await route(options, withToken(await sign(key, claims())))).status).toBe(200);
    expect(await fetches(realm)).toBe(1);
    await sleep(1_100); // past the 1 s cooldown

    const garbage = () => sign({ ...stranger, kid: fresh("garbage") }, claims());
    const concurrent = await Promise.all(
      Array.from({ length: 100 }, async () => (await route(options, withToken(await garbage()))).status),
    );
    expect(new Set(concurrent)).toEqual(new Set([401]));
    for (let i = 0; i < 100; i++) {
      expect((await route(options, withToken(await garbage()))).status).toBe(401);
    }
    expect(await fetches(realm)).toBeLessThanOrEqual(2);
    // The real key still works throughout.
    expect((await route(options, withToken(await sign(key, claims("after@example.com"))))).status).toBe(200);
  });
});

describe("key fetch failures", () => {
  const GENERIC_500 = { error: "internal_error", message: "An internal error occurred.", requestId: expect.any(String) };

  it("answer 500 with a generic body when the key server fails", async () => {
    const key = await newKey();
    const realm = await createRealm([key]);
    await failRealm(realm, 503);
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await route(accessFor(realm), withToken(await sign(key, claims())));
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual(GENERIC_500);
      expect(text).not.toContain("503");
      expect(text).not.toContain("127.0.0.1");
      // The log says what failed, with no token in it.
      const logged = spy.mock.calls.map((call) => String(call[0])).join("\n");
      expect(logged).toContain("could not fetch Access keys");
      expect(logged).toContain("dorm.access");
    } finally {
      spy.mockRestore();
    }
  });

  it("answer 500 when nothing listens at the certs URL", async () => {
    const key = await newKey();
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const options = { teamName: "dorm-test", aud: "test-aud", certsUrl: "http://127.0.0.1:1/cdn-cgi/access/certs" };
      const response = await route(options, withToken(await sign(key, claims())));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual(GENERIC_500);
    } finally {
      spy.mockRestore();
    }
  });

  it("a missing or bad token is still 401, not 500, while keys are down", async () => {
    const key = await newKey();
    const realm = await createRealm([key]);
    await failRealm(realm, 500);
    expect((await route(accessFor(realm), new Request("https://app.test/"))).status).toBe(401);
    expect((await route(accessFor(realm), withToken("garbage"))).status).toBe(401);
    expect(await fetches(realm)).toBe(0);
  });
});

describe("verified-token cache", () => {
  it("answers a repeated token from the cache, and can be turned off", async () => {
    const key = await newKey();
    const realm = await createRealm([key]);
    const token = await sign(key, claims());
    const cached = defineAccess(accessFor(realm));
    const first = await verifyAccessToken(token, cached);
    expect(await verifyAccessToken(token, cached)).toBe(first); // the same object: no second verification
    // Shared between requests, so frozen: no handler can edit them for the next one.
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.aud)).toBe(true);
    const uncached = defineAccess(accessFor(realm, { tokenCache: false }));
    const again = await verifyAccessToken(token, uncached);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it("never serves a token past its exp", async () => {
    const cache = new TokenCache(10);
    const claimsOf = (exp: number) => ({ iss: "i", aud: "a", exp }) as AccessClaims;
    cache.set("expired", claimsOf(1), Date.now() - 1);
    expect(cache.get("expired")).toBeNull();
    cache.set("short", claimsOf(2), Date.now() + 30);
    expect(cache.get("short")).not.toBeNull();
    await sleep(60);
    expect(cache.get("short")).toBeNull();
  });

  it("is bounded, dropping the least recently used token", () => {
    const cache = new TokenCache(3);
    const entry = { iss: "i", aud: "a", exp: 0 } as AccessClaims;
    const later = Date.now() + 60_000;
    for (const key of ["a", "b", "c"]) cache.set(key, entry, later);
    expect(cache.get("a")).toBe(entry); // a is now the most recent
    cache.set("d", entry, later);
    expect(cache.size).toBe(3);
    expect(cache.get("b")).toBeNull();
    expect(cache.get("a")).toBe(entry);
  });

  it("does not cache refusals: a token refused while keys were down is admitted later", async () => {
    const key = await newKey();
    const realm = await createRealm([key]);
    const token = await sign(key, claims());
    // Cooldown 0 and a fresh config per call: the refusal leaves nothing behind.
    const options = accessFor(realm, { keyRefetchCooldown: 0 });
    await failRealm(realm, 503);
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(verifyAccessToken(token, defineAccess(options))).rejects.toBeInstanceOf(AccessError);
    } finally {
      spy.mockRestore();
    }
    await failRealm(realm, null);
    await sleep(1_100); // the 1 s back-off after a failed fetch
    await expect(verifyAccessToken(token, defineAccess(options))).resolves.toMatchObject({ email: "ada@example.com" });
  });
});
