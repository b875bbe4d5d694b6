import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/index.ts";
import { cacheControlPolicy } from "../../../src/files/cache-control.ts";
import { evaluatePreconditions, ifRangeHolds } from "../../../src/files/preconditions.ts";
import { resolveRange } from "../../../src/files/range.ts";
import { guessContentType, isValidContentType } from "../../../src/storage/content-type.ts";

describe("resolveRange (size 100)", () => {
  it.each([
    ["bytes=0-9", 0, 10],
    ["bytes=10-", 10, 90],
    ["bytes=-10", 90, 10],
    ["bytes=-1000", 0, 100],
    ["bytes=90-1000", 90, 10],
    ["bytes=99-99", 99, 1],
    ["BYTES = 5 - 6", 5, 2],
  ])("%s → offset %i, length %i", (header, offset, length) => {
    expect(resolveRange(header, 100)).toEqual({ kind: "partial", offset, length });
  });

  it.each(["bytes=100-", "bytes=100-200", "bytes=-0", "bytes=1000-"])("%s is unsatisfiable", (header) => {
    expect(resolveRange(header, 100).kind).toBe("unsatisfiable");
  });

  it("treats any range of an empty file as unsatisfiable", () => {
    expect(resolveRange("bytes=0-", 0).kind).toBe("unsatisfiable");
    expect(resolveRange("bytes=-5", 0).kind).toBe("unsatisfiable");
  });

  it.each([null, "bytes=", "bytes=-", "bytes=5-2", "items=0-5", "bytes=0-1,5-6", "nonsense"])(
    "ignores %j (whole file)",
    (header) => {
      expect(resolveRange(header, 100)).toEqual({ kind: "full" });
    },
  );
});

describe("evaluatePreconditions", () => {
  const file = { etag: '"abc"', lastModified: new Date("2026-01-02T03:04:05.678Z") };
  const at = (iso: string) => new Date(iso).toUTCString();
  const check = (init: Record<string, string>) => evaluatePreconditions(new Headers(init), file);

  it("If-None-Match: a match (weak comparison, lists, *) is 304", () => {
    expect(check({ "if-none-match": '"abc"' })).toBe("not-modified");
    expect(check({ "if-none-match": 'W/"abc"' })).toBe("not-modified");
    expect(check({ "if-none-match": '"x", "abc"' })).toBe("not-modified");
    expect(check({ "if-none-match": "*" })).toBe("not-modified");
    expect(check({ "if-none-match": '"other"' })).toBe("proceed");
  });

  it("If-Modified-Since: unchanged since then is 304, compared at whole seconds", () => {
    expect(check({ "if-modified-since": at("2026-01-02T03:04:05Z") })).toBe("not-modified");
    expect(check({ "if-modified-since": at("2026-01-03T00:00:00Z") })).toBe("not-modified");
    expect(check({ "if-modified-since": at("2026-01-02T03:04:04Z") })).toBe("proceed");
    expect(check({ "if-modified-since": "not a date" })).toBe("proceed");
  });

  it("If-None-Match wins over If-Modified-Since", () => {
    expect(check({ "if-none-match": '"other"', "if-modified-since": at("2027-01-01T00:00:00Z") })).toBe("proceed");
  });

  it("If-Match: strong comparison, 412 when no tag matches", () => {
    expect(check({ "if-match": '"abc"' })).toBe("proceed");
    expect(check({ "if-match": "*" })).toBe("proceed");
    expect(check({ "if-match": '"other"' })).toBe("failed");
    expect(check({ "if-match": 'W/"abc"' })).toBe("failed");
  });

  it("If-Unmodified-Since: 412 when changed after, ignored under If-Match", () => {
    expect(check({ "if-unmodified-since": at("2026-01-01T00:00:00Z") })).toBe("failed");
    expect(check({ "if-unmodified-since": at("2026-01-02T03:04:05Z") })).toBe("proceed");
    expect(check({ "if-match": '"abc"', "if-unmodified-since": at("2026-01-01T00:00:00Z") })).toBe("proceed");
  });

  it("If-Range holds for the current strong etag or exact date only", () => {
    const holds = (value: string) => ifRangeHolds(new Headers({ "if-range": value }), file);
    expect(holds('"abc"')).toBe(true);
    expect(holds('"old"')).toBe(false);
    expect(holds('W/"abc"')).toBe(false);
    expect(holds(at("2026-01-02T03:04:05Z"))).toBe(true);
    expect(holds(at("2026-01-02T03:04:06Z"))).toBe(false);
    expect(ifRangeHolds(new Headers(), file)).toBe(true);
  });
});

describe("content types", () => {
  it.each([
    ["a.txt", "text/plain; charset=utf-8"],
    ["photos/CAT.JPG", "image/jpeg"],
    ["backup.tar.gz", "application/gzip"],
    ["page.html", "text/html; charset=utf-8"],
    ["data.json", "application/json; charset=utf-8"],
    ["noext", "application/octet-stream"],
    ["weird.zzz", "application/octet-stream"],
    [".env", "application/octet-stream"],
  ])("guesses %j as %j", (name, type) => {
    expect(guessContentType(name)).toBe(type);
  });

  it("accepts media types and refuses junk", () => {
    expect(isValidContentType("text/plain; charset=utf-8")).toBe(true);
    expect(isValidContentType('multipart/form-data; boundary="a b"')).toBe(true);
    expect(isValidContentType("text")).toBe(false);
    expect(isValidContentType("text/plain\r\nx-evil: 1")).toBe(false);
    expect(isValidContentType("")).toBe(false);
  });
});

describe("cache control policy", () => {
  it("defaults to private, revalidated and untransformed", () => {
    expect(cacheControlPolicy({})(undefined)).toBe("private, no-cache, no-transform");
    expect(cacheControlPolicy({})("public, max-age=31536000")).toBe("private, no-cache, no-transform");
  });

  it("refuses a shared-cacheable policy for files that are not public", () => {
    expect(() => cacheControlPolicy({ cacheControl: "public, max-age=60" })).toThrow(ConfigError);
    expect(() => cacheControlPolicy({ cacheControl: "max-age=60" })).toThrow(/shared cache/);
    expect(cacheControlPolicy({ cacheControl: "private, max-age=60" })(undefined)).toBe("private, max-age=60");
    expect(cacheControlPolicy({ cacheControl: "no-store" })(undefined)).toBe("no-store");
  });

  it("uses the stored value for public files", () => {
    const policy = cacheControlPolicy({ public: true });
    expect(policy("public, max-age=60")).toBe("public, max-age=60");
    expect(policy(undefined)).toBe("public, max-age=300, no-transform");
  });
});
