import { describe, expect, it } from "vitest";
import { isExemptPath } from "../../../src/access/exempt-paths.ts";
import { accessFor, createRealm, newKey, route } from "./support.ts";

const exempt = [["health"], ["public", "docs"]];

describe("isExemptPath", () => {
  it("matches whole segments", () => {
    for (const path of ["/health", "/health/", "/health/live", "/public/docs", "/public/docs/a/b.html"]) {
      expect([path, isExemptPath(path, exempt)]).toEqual([path, true]);
    }
    for (const path of ["/healthz", "/health.json", "/Health", "/public", "/public/docsx", "/", "", "/x/health"]) {
      expect([path, isExemptPath(path, exempt)]).toEqual([path, false]);
    }
  });

  it("never exempts a path with empty, dot or encoded separator segments", () => {
    for (const path of [
      "//health",
      "/health//x",
      "/health/./x",
      "/health/../notes",
      "/health/%2e%2e/notes",
      "/health/%2E%2e/notes",
      "/health/.%2e/notes",
      "/health%2f..%2fnotes",
      "/health/..%2fnotes",
      "/health/..%5cnotes",
      "/health/%2fnotes",
      "health",
    ]) {
      expect([path, isExemptPath(path, exempt)]).toEqual([path, false]);
    }
  });
});

describe("exempt paths through the router", () => {
  it("serve exempt paths without a token and nothing else", async () => {
    const realm = await createRealm([await newKey()]);
    const options = accessFor(realm, { exemptPaths: ["/health", "/public/docs"] });
    const status = async (path: string) => (await route(options, new Request(`https://app.test${path}`))).status;
    // The URL parser resolves dot segments first (%2e included), as the app sees them.
    const cases: [string, number][] = [
      ["/health", 200],
      ["/health/", 200],
      ["/health/live", 200],
      ["/health?verbose=1", 200],
      ["/public/docs/index.html", 200],
      ["/healthz", 401],
      ["/health.json", 401],
      ["/HEALTH", 401],
      ["/health/../notes", 401],
      ["/health/%2e%2e/notes", 401],
      ["/health/.%2E/notes", 401],
      ["/health%2f..%2fnotes", 401],
      ["/health/..%2fnotes", 401],
      ["/health/..%5cnotes", 401],
      ["/health\\..\\notes", 401],
      ["//health", 401],
      ["/public", 401],
      ["/public/docs/../../notes", 401],
      ["/notes", 401],
    ];
    for (const [path, expected] of cases) expect([path, await status(path)]).toEqual([path, expected]);
  });
});
