import { describe, expect, it } from "vitest";
import { ConfigError, ring } from "../../../src/index.ts";
import { ringIndex } from "../../../src/router/strategies/ring-hash.ts";
import { MAX_RING_SHARDS } from "../../../src/router/strategies/ring.ts";
import { json, route } from "./helpers.ts";
import type { Echo } from "./helpers.ts";

const byUser = (request: Request) => request.headers.get("X-User");

/** i written in base 18 with digits whose char codes are all even. */
function evenKey(i: number): string {
  const digits = "02468bdfhjlnprtvxz";
  let key = "";
  do {
    key = digits[i % digits.length] + key;
    i = Math.floor(i / digits.length);
  } while (i > 0);
  return key;
}

describe("ring", () => {
  it("exposes every shard name, in order, and has no default shard", () => {
    const strategy = ring({ shards: 4, key: byUser });
    expect(strategy.shards).toEqual(["shard-0", "shard-1", "shard-2", "shard-3"]);
    expect(strategy.defaultShard).toBeUndefined();
    expect(Object.isFrozen(strategy.shards)).toBe(true);
    expect(ring({ shards: 2, key: byUser, prefix: "r" }).shards).toEqual(["r0", "r1"]);
  });

  it("hashes with the first 4 bytes of SHA-256, big-endian, mod N", async () => {
    // sha256("") = e3b0c442…, sha256("abc") = ba7816bf…
    expect(await ringIndex("", 2 ** 31)).toBe(0xe3b0c442 % 2 ** 31);
    expect(await ringIndex("abc", 1000)).toBe(0xba7816bf % 1000);
    expect(await ringIndex("abc", 1)).toBe(0);
  });

  it("maps a key to the same shard on every call and every new ring", async () => {
    const first = ring({ shards: 16, key: byUser });
    const second = ring({ shards: 16, key: byUser });
    for (let i = 0; i < 50; i++) {
      const key = `user-${i}`;
      const shard = await first.shardFor(key);
      expect(await first.shardFor(key)).toBe(shard);
      expect(await second.shardFor(key)).toBe(shard);
      expect(first.shards).toContain(shard);
    }
    // Pinned (computed with Node's crypto) so a change of hash, which would
    // move every key to another object, fails here.
    expect(await first.shardFor("user-0")).toBe("shard-13");
    expect(await first.shardFor("tenant-42")).toBe("shard-1");
    expect(await first.shardFor("alice")).toBe("shard-9");
  });

  it("spreads keys evenly, including keys of only even characters", async () => {
    for (const [size, makeKey] of [
      [16, (i: number) => `user-${i}`],
      [10, (i: number) => `${i}@example.com`],
      // Every character's code is even: FNV-1a would put all of these on even shards.
      [2, evenKey],
      [8, evenKey],
    ] as const) {
      const counts = new Array<number>(size).fill(0);
      const keys = size * 400;
      const strategy = ring({ shards: size, key: byUser });
      for (let i = 0; i < keys; i++) {
        const index = strategy.shards.indexOf(await strategy.shardFor(makeKey(i)));
        counts[index] = (counts[index] ?? 0) + 1;
      }
      for (const count of counts) {
        expect(count, `${size} shards: ${counts.join(",")}`).toBeGreaterThan(400 * 0.75);
        expect(count, `${size} shards: ${counts.join(",")}`).toBeLessThan(400 * 1.25);
      }
    }
  });

  it("routes a request to the shard of its key, and the object knows that name", async () => {
    const shard = ring({ shards: 8, key: byUser });
    const request = new Request("https://x.test/", { headers: { "X-User": "alice" } });
    const echo = await json<Echo>(await route({ shard }, request));
    expect(echo.name).toBe(await shard.shardFor("alice"));
    expect(echo.name).toBe("shard-1");
  });

  it("answers 400 when the key is null", async () => {
    const response = await route({ shard: ring({ shards: 8, key: byUser }) }, new Request("https://x.test/"));
    expect(response.status).toBe(400);
  });

  it("validates its options", () => {
    for (const shards of [0, -1, 1.5, Number.NaN, MAX_RING_SHARDS + 1]) {
      expect(() => ring({ shards, key: byUser }), String(shards)).toThrow(/ring\.shards/);
    }
    expect(() => ring({ shards: MAX_RING_SHARDS, key: byUser })).not.toThrow();
    expect(() => ring({ shards: 2, key: "x" as unknown as () => string })).toThrow(/ring\.key/);
    expect(() => ring({ shards: 2, key: byUser, prefix: 1 as unknown as string })).toThrow(ConfigError);
  });
});
