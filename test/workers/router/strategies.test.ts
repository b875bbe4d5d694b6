import { describe, expect, it } from "vitest";
import { ConfigError, byHeader, byHostname, byPathSegment, custom, ring, singleton, HttpError } from "../../../src/index.ts";
import { json, route } from "./helpers.ts";
import type { Echo } from "./helpers.ts";

type ErrorBody = { error: string; message: string };

describe("singleton", () => {
  it("sends every request to one object named 'default'", async () => {
    const strategy = singleton();
    expect(strategy.defaultShard).toBe("default");
    for (const path of ["/", "/a/b", "/other"]) {
      const echo = await json<Echo>(await route({ shard: strategy }, new Request(`https://x.test${path}`)));
      expect(echo.name).toBe("default");
    }
  });

  it("takes another name", async () => {
    const echo = await json<Echo>(await route({ shard: singleton("main") }, new Request("https://x.test/")));
    expect(echo.name).toBe("main");
  });

  it("refuses an empty name at creation", () => {
    expect(() => singleton("")).toThrow(ConfigError);
  });
});

describe("byHostname", () => {
  const shard = byHostname({ suffix: ".example.com", default: "www" });

  it("names the shard after the label below the suffix, lower-cased", async () => {
    for (const host of ["acme.example.com", "ACME.Example.COM", "acme.example.com:8443", "acme.example.com."]) {
      const echo = await json<Echo>(await route({ shard }, new Request(`https://${host}/notes`)));
      expect(echo.name, host).toBe("acme");
      expect(echo.url, host).toMatch(/^https:\/\/acme\.example\.com/);
    }
  });

  it("uses the default for the bare suffix host and exposes it", async () => {
    expect(shard.defaultShard).toBe("www");
    const echo = await json<Echo>(await route({ shard }, new Request("https://example.com/")));
    expect(echo.name).toBe("www");
  });

  it("refuses hosts outside the suffix and deeper hosts with 400", async () => {
    for (const host of ["evil.test", "acme.example.com.evil.test", "notexample.com", "x.acme.example.com"]) {
      const response = await route({ shard }, new Request(`https://${host}/`));
      expect(response.status, host).toBe(400);
      expect((await json<ErrorBody>(response)).error).toBe("invalid_shard");
    }
  });

  it("refuses the bare suffix host when there is no default", async () => {
    const response = await route({ shard: byHostname({ suffix: ".example.com" }) }, new Request("https://example.com/"));
    expect(response.status).toBe(400);
  });

  it("sees internationalised hosts in punycode", async () => {
    const echo = await json<Echo>(await route({ shard }, new Request("https://bücher.example.com/")));
    expect(echo.name).toBe("xn--bcher-kva");
  });

  it("without a suffix uses the whole host, which needs a pattern allowing dots", async () => {
    const whole = byHostname();
    expect((await route({ shard: whole }, new Request("https://a.example.com/"))).status).toBe(400);
    const echo = await json<Echo>(
      await route({ shard: whole, shardPattern: /^[a-z0-9][a-z0-9.-]{0,252}$/ }, new Request("https://A.Example.com/")),
    );
    expect(echo.name).toBe("a.example.com");
    expect((await route({ shard: whole }, new Request("https://localhost/"))).status).toBe(200);
  });

  it("validates its options", () => {
    expect(() => byHostname({ suffix: "example.com" })).toThrow(/byHostname\.suffix/);
    expect(() => byHostname({ suffix: ".exa mple.com" })).toThrow(ConfigError);
    expect(() => byHostname({ default: "" })).toThrow(/byHostname\.default/);
  });
});

describe("byHeader", () => {
  const shard = byHeader("X-Tenant", { default: "default" });

  it("names the shard from the header, any header case", async () => {
    for (const header of ["X-Tenant", "x-tenant", "X-TENANT"]) {
      const request = new Request("https://x.test/notes", { headers: { [header]: "acme" } });
      expect((await json<Echo>(await route({ shard }, request))).name).toBe("acme");
    }
  });

  it("falls back to the default when the header is absent", async () => {
    expect(shard.defaultShard).toBe("default");
    const echo = await json<Echo>(await route({ shard }, new Request("https://x.test/")));
    expect(echo.name).toBe("default");
  });

  it("answers 400 when the header is absent and there is no default", async () => {
    const response = await route({ shard: byHeader("X-Tenant") }, new Request("https://x.test/"));
    expect(response.status).toBe(400);
    expect(await json<ErrorBody>(response)).toEqual({ error: "invalid_shard", message: 'this request names no shard: the router reads it from the "X-Tenant" header', requestId: expect.any(String) });
    expect(byHeader("X-Tenant").defaultShard).toBeUndefined();
  });

  it("refuses a present but empty header instead of using the default", async () => {
    const request = new Request("https://x.test/", { headers: { "X-Tenant": "" } });
    expect((await route({ shard }, request)).status).toBe(400);
  });

  it("does not fold case: an upper-case value is refused", async () => {
    const request = new Request("https://x.test/", { headers: { "X-Tenant": "Acme" } });
    expect((await route({ shard }, request)).status).toBe(400);
  });

  it("validates its options", () => {
    expect(() => byHeader("X Tenant")).toThrow(/byHeader\.name/);
    expect(() => byHeader("")).toThrow(ConfigError);
    expect(() => byHeader("X-Tenant:")).toThrow(ConfigError);
    // The router strips x-dorm-* from clients, so such a header could never arrive.
    expect(() => byHeader("X-Dorm-Tenant")).toThrow(/x-dorm-/);
    expect(() => byHeader("X-Tenant", { default: "" })).toThrow(/byHeader\.default/);
  });
});

describe("byPathSegment", () => {
  const shard = byPathSegment(0, { default: "default" });

  it("names the shard from the decoded segment and forwards the path unchanged", async () => {
    const echo = await json<Echo>(await route({ shard }, new Request("https://x.test/%61cme/notes?q=1")));
    expect(echo.name).toBe("acme");
    expect(echo.url).toBe("https://x.test/%61cme/notes?q=1");
  });

  it("reads later segments", async () => {
    const echo = await json<Echo>(
      await route({ shard: byPathSegment(2) }, new Request("https://x.test/t/v1/beta/rest")),
    );
    expect(echo.name).toBe("beta");
  });

  it("uses the default for a missing or empty segment", async () => {
    expect(shard.defaultShard).toBe("default");
    expect((await json<Echo>(await route({ shard }, new Request("https://x.test/")))).name).toBe("default");
    const deeper = byPathSegment(3, { default: "fallback" });
    expect((await json<Echo>(await route({ shard: deeper }, new Request("https://x.test/a/b")))).name).toBe("fallback");
  });

  it("answers 400 for a missing segment without a default", async () => {
    const response = await route({ shard: byPathSegment(1) }, new Request("https://x.test/only"));
    expect(response.status).toBe(400);
  });

  it("sees dot segments already resolved by the URL parser", async () => {
    // WHATWG URL parsing removes `..`, `%2e%2e` and `.%2e` segments, so they never name a shard.
    for (const path of ["/%2e%2e/acme", "/x/../acme", "/.%2e/acme"]) {
      const echo = await json<Echo>(await route({ shard }, new Request(`https://x.test${path}`)));
      expect(echo.name, path).toBe("acme");
      expect(echo.url, path).toBe("https://x.test/acme");
    }
  });

  it("refuses decoded dots with slashes, malformed escapes and unicode", async () => {
    for (const segment of ["..%2fetc", "%2e%2e%2f", "a%2fb", "%E0%A4%A", "%C3%BC", "%F0%9F%92%A9", "Acme", "-acme"]) {
      const response = await route({ shard }, new Request(`https://x.test/${segment}/notes`));
      expect(response.status, segment).toBe(400);
      expect((await json<ErrorBody>(response)).error, segment).toBe("invalid_shard");
    }
  });

  it("validates its options", () => {
    expect(() => byPathSegment(-1)).toThrow(/byPathSegment\.index/);
    expect(() => byPathSegment(1.5)).toThrow(ConfigError);
    expect(() => byPathSegment(0, { default: "" })).toThrow(/byPathSegment\.default/);
  });
});

describe("custom", () => {
  it("uses the function's answer, sync or async, with env", async () => {
    const seen: unknown[] = [];
    const shard = custom(async (request, env) => {
      seen.push(env);
      return new URL(request.url).searchParams.get("org");
    }, { defaultShard: "main", shards: ["main", "other"] });
    expect(shard.defaultShard).toBe("main");
    expect(shard.shards).toEqual(["main", "other"]);
    const echo = await json<Echo>(await route({ shard }, new Request("https://x.test/?org=beta")));
    expect(echo.name).toBe("beta");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveProperty("ECHO");
    expect((await route({ shard }, new Request("https://x.test/"))).status).toBe(400);
  });

  it("lets the function answer with an HttpError's status", async () => {
    const shard = custom(() => {
      throw new HttpError(403, "forbidden", "no tenant for you");
    });
    const response = await route({ shard }, new Request("https://x.test/"));
    expect(response.status).toBe(403);
    expect(await json<ErrorBody>(response)).toEqual({ error: "forbidden", message: "no tenant for you", requestId: expect.any(String) });
  });

  it("refuses a non-string result", async () => {
    const shard = custom(() => 42 as unknown as string);
    expect((await route({ shard }, new Request("https://x.test/"))).status).toBe(400);
  });

  it("validates its function", () => {
    expect(() => custom(null as unknown as () => string)).toThrow(/custom\.fn/);
  });
});

describe("a refused shard name says the rule and where the name comes from", () => {
  const message = async (config: Parameters<typeof route>[0], url: string, headers: Record<string, string> = {}) =>
    (await json<{ message: string }>(await route(config, new Request(url, { headers })))).message;

  it("names where each strategy reads the name, for a request that names none", async () => {
    expect(await message({ shard: byHostname({ suffix: ".example.com" }) }, "https://other.test/")).toBe(
      "this request names no shard: the router reads it from the host's name below .example.com",
    );
    expect(await message({ shard: byPathSegment(1) }, "https://x.test/only")).toBe(
      "this request names no shard: the router reads it from segment 1 of the URL path",
    );
    expect(await message({ shard: ring({ shards: 2, key: () => null }) }, "https://x.test/")).toBe(
      "this request names no shard: the router reads it from the ring's key function",
    );
    expect(await message({ shard: custom(() => null, { source: 'the "x-org" header' }) }, "https://x.test/")).toBe(
      'this request names no shard: the router reads it from the "x-org" header',
    );
    expect(await message({ shard: custom(() => null) }, "https://x.test/")).toBe("this request names no shard");
  });

  it("gives the rule: the pattern names must match", async () => {
    expect(await message({ shard: byHeader("x-tenant") }, "https://x.test/", { "x-tenant": "ACME" })).toBe(
      'invalid shard name "ACME": a shard name matches /^[a-z0-9][a-z0-9-]{0,62}$/',
    );
    const shardPattern = /^t-[0-9]+$/;
    expect(await message({ shard: byHeader("x-tenant"), shardPattern }, "https://x.test/", { "x-tenant": "acme" })).toBe(
      'invalid shard name "acme": a shard name matches /^t-[0-9]+$/',
    );
  });
});
