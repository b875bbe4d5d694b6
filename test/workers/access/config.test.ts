import { describe, expect, it, vi } from "vitest";
import { access, accessConfigFromEnv, defineAccess } from "../../../src/access/index.ts";
import { byHeader, createWorker, defineApp } from "../../../src/index.ts";
import { teamFromIssuer } from "../../../src/access/issuer.ts";
import { isLoopbackUrl } from "../../../src/access/loopback.ts";
import { configError } from "./support.ts";

describe("defineAccess", () => {
  it("needs a team name or an AUD", () => {
    const error = configError(() => defineAccess({}));
    expect(error.option).toBe("access.teamName");
    expect(error.message).toContain("AUD");
    expect(configError(() => defineAccess({ teamName: "", aud: "" })).code).toBe("invalid_config");
  });

  it("fills in the defaults", () => {
    const config = defineAccess({ teamName: "acme" });
    expect(config).toMatchObject({
      teamName: "acme",
      issuer: "https://acme.cloudflareaccess.com",
      audiences: null,
      exemptPaths: [],
      cacheTimeoutMs: 3_600_000,
      cooldownMs: 30_000,
      clockToleranceSeconds: 30,
      certsUrl: null,
      maxTokenBytes: 16_384,
      tokenCache: true,
      onUser: null,
    });
  });

  it("accepts the team as a label or as its domain, in any case", () => {
    for (const name of ["acme", "ACME", "acme.cloudflareaccess.com", "https://acme.cloudflareaccess.com", " acme "]) {
      expect(defineAccess({ teamName: name }).teamName).toBe("acme");
    }
    for (const name of ["acme.example.com", "a/b", "-acme", "acme.cloudflareaccess.com/x", "a b", "x".repeat(64)]) {
      expect(configError(() => defineAccess({ teamName: name })).option).toBe("access.teamName");
    }
  });

  it("accepts one AUD or several (array or comma-separated)", () => {
    expect(defineAccess({ aud: "abc" }).audiences).toEqual(["abc"]);
    expect(defineAccess({ aud: ["abc", "def"] }).audiences).toEqual(["abc", "def"]);
    expect(defineAccess({ aud: "abc, def," }).audiences).toEqual(["abc", "def"]);
    expect(configError(() => defineAccess({ aud: ["ok", ""] })).option).toBe("access.aud");
    expect(configError(() => defineAccess({ aud: [] })).option).toBe("access.aud");
  });

  it("honours a certs URL only for loopback hosts", () => {
    for (const url of [
      "http://127.0.0.1:8788/cdn-cgi/access/certs",
      "http://localhost:1234/certs",
      "https://[::1]/certs",
      "http://127.1.2.3/certs",
    ]) {
      expect(defineAccess({ teamName: "acme", certsUrl: url }).certsUrl).toBe(url);
    }
    for (const url of [
      "https://acme.cloudflareaccess.com/cdn-cgi/access/certs",
      "https://attacker.example/certs",
      "http://127.0.0.1.attacker.example/certs",
      "http://localhost.attacker.example/certs",
      "http://user@127.0.0.1/certs",
      "http://10.0.0.1/certs",
      "http://0.0.0.0/certs",
      "file:///etc/passwd",
      "not a url",
    ]) {
      expect(configError(() => defineAccess({ teamName: "acme", certsUrl: url })).option).toBe("access.certsUrl");
    }
  });

  it("checks numbers, flags and the hook", () => {
    expect(configError(() => defineAccess({ teamName: "a", cacheTimeout: 0 })).option).toBe("access.cacheTimeout");
    expect(configError(() => defineAccess({ teamName: "a", keyRefetchCooldown: -1 })).option).toBe(
      "access.keyRefetchCooldown",
    );
    expect(configError(() => defineAccess({ teamName: "a", clockTolerance: 3600 })).option).toBe("access.clockTolerance");
    expect(configError(() => defineAccess({ teamName: "a", maxTokenBytes: Number.NaN })).option).toBe(
      "access.maxTokenBytes",
    );
    const bad = { teamName: "a", tokenCache: "no" } as unknown as Parameters<typeof defineAccess>[0];
    expect(configError(() => defineAccess(bad)).option).toBe("access.tokenCache");
  });

  it("refuses exempt paths that are not plain absolute paths", () => {
    expect(defineAccess({ teamName: "a", exemptPaths: ["/health", "/public/", "/a/b"] }).exemptPaths).toEqual([
      ["health"],
      ["public"],
      ["a", "b"],
    ]);
    for (const path of ["/", "health", "", "/a//b", "/a/../b", "/./a", "/a%2fb", "/a?x", "/a#x", "/a b", "/a\\b"]) {
      expect(configError(() => defineAccess({ teamName: "a", exemptPaths: [path] })).option).toBe("access.exemptPaths");
    }
  });
});

describe("accessConfigFromEnv", () => {
  it("is off (null) when neither var is set, and says so once", () => {
    const spy = vi.spyOn(console, "info").mockImplementation(() => {});
    try {
      expect(accessConfigFromEnv({})).toBeNull();
      expect(accessConfigFromEnv({ ACCESS_TEAM_NAME: " ", ACCESS_AUD: "" })).toBeNull();
      const lines = spy.mock.calls.map((call) => String(call[0])).filter((line) => line.includes("Access is off"));
      // Once per isolate: another test file may have said it already.
      expect(lines.length).toBeLessThanOrEqual(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("reads the team, AUD and certs URL, naming the var in errors", () => {
    const config = accessConfigFromEnv(
      { ACCESS_TEAM_NAME: "acme", ACCESS_AUD: "a1,a2", ACCESS_CERTS_URL: "http://127.0.0.1:9/certs" },
      { exemptPaths: ["/health"] },
    );
    expect(config).toMatchObject({ teamName: "acme", audiences: ["a1", "a2"], certsUrl: "http://127.0.0.1:9/certs" });
    expect(config?.exemptPaths).toEqual([["health"]]);
    expect(configError(() => accessConfigFromEnv({ ACCESS_TEAM_NAME: "a.b" })).option).toBe("ACCESS_TEAM_NAME");
    expect(configError(() => accessConfigFromEnv({ ACCESS_AUD: "x", ACCESS_CERTS_URL: "https://evil.example" })).option).toBe(
      "ACCESS_CERTS_URL",
    );
    expect(configError(() => accessConfigFromEnv({ ACCESS_CERTS_URL: "http://127.0.0.1/certs" })).option).toBe(
      "ACCESS_CERTS_URL",
    );
  });
});

describe("where the setting is given", () => {
  it("access() validates static options at once", () => {
    expect(configError(() => access({})).option).toBe("access.teamName");
    expect(configError(() => access(null as never)).option).toBe("access");
    const feature = access({ teamName: "acme" });
    expect(feature.config({})).toMatchObject({ teamName: "acme" });
    const app = defineApp({ fetch: () => new Response(), access: feature });
    expect(app.access).toBe(feature);
    // The users table comes with Access, as a built-in migration.
    expect(app.migrations.builtin.map((file) => file.name)).toEqual(["0001_dorm_users.sql"]);
  });

  it("defineApp and createWorker refuse options that are not the Access feature", () => {
    const shard = byHeader("x-tenant", { default: "default" });
    expect(configError(() => defineApp({ fetch: () => new Response(), access: { teamName: "acme" } as never })).option).toBe("access");
    expect(configError(() => createWorker({ binding: "ECHO", shard, access: { aud: [] } as never })).option).toBe("access");
    expect(() => createWorker({ binding: "ECHO", shard, access: false })).not.toThrow();
    expect(() => createWorker({ binding: "ECHO", shard, access: access({ teamName: "acme" }) })).not.toThrow();
  });

  it("an app without Access has no users table", () => {
    expect(defineApp({ fetch: () => new Response() }).migrations.builtin).toEqual([]);
  });
});

describe("helpers", () => {
  it("teamFromIssuer accepts exactly https://<label>.cloudflareaccess.com", () => {
    expect(teamFromIssuer("https://acme.cloudflareaccess.com")).toBe("acme");
    expect(teamFromIssuer("https://a-b-1.cloudflareaccess.com")).toBe("a-b-1");
    for (const iss of [
      "https://acme.cloudflareaccess.com/",
      "https://x.acme.cloudflareaccess.com",
      "https://acme.cloudflareaccess.com:443",
      "https://u@acme.cloudflareaccess.com",
      "https://evil.example/.cloudflareaccess.com",
      "https://acme.cloudflareaccess.com\n",
      "https://acme-.cloudflareaccess.com",
      `https://${"a".repeat(64)}.cloudflareaccess.com`,
      undefined,
    ]) {
      expect(teamFromIssuer(iss)).toBeNull();
    }
  });

  it("isLoopbackUrl", () => {
    expect(isLoopbackUrl("http://127.0.0.1/")).toBe(true);
    expect(isLoopbackUrl("http://2130706433/")).toBe(true); // the parser's 127.0.0.1
    expect(isLoopbackUrl("ftp://127.0.0.1/")).toBe(false);
    expect(isLoopbackUrl("http://[::ffff:7f00:1]/")).toBe(false);
  });
});
