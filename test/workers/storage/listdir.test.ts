import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { R2Storage } from "../../../src/files/index.ts";
import type { DirectoryListing, ListdirOptions } from "../../../src/files/index.ts";
import { HttpError } from "../../../src/index.ts";
import { freshLocation, hookedBucket } from "./helpers.ts";

/** Every page of `path` with `limit`, following the cursors (stops after 100 pages). */
async function allPages(files: R2Storage, path: string, limit: number): Promise<DirectoryListing[]> {
  const pages: DirectoryListing[] = [];
  let cursor: string | null = null;
  do {
    const options: ListdirOptions = cursor === null ? { limit } : { limit, cursor };
    const page = await files.listdir(path, options);
    pages.push(page);
    cursor = page.cursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

function entries(pages: DirectoryListing[]): { directories: string[]; files: string[] } {
  return { directories: pages.flatMap((p) => p.directories), files: pages.flatMap((p) => p.files) };
}

/** 8 directories of 3 files each and 9 files, interleaved by name: 17 entries. */
async function populate(files: R2Storage): Promise<{ directories: string[]; files: string[] }> {
  const directories = Array.from({ length: 8 }, (_, i) => `d${i}`);
  const names = Array.from({ length: 9 }, (_, i) => `d${i}.txt`);
  for (const dir of directories) for (const file of ["a", "b", "c"]) await env.BUCKET.put(`${files.location}${dir}/${file}`, "x");
  for (const name of names) await env.BUCKET.put(files.location + name, "x");
  return { directories, files: names };
}

describe("R2Storage.listdir pages", () => {
  it("answers at most `limit` entries per page and every entry exactly once over the pages", async () => {
    let calls = 0;
    // Two entries per R2 call: R2 pages that hold only directories, and a
    // directory's prefix repeated on the next R2 page.
    const files = new R2Storage({ binding: hookedBucket({ list: () => void calls++ }), location: freshLocation("pages"), listPageSize: 2 });
    const expected = await populate(files);
    for (const limit of [1, 4, 5, 17, 1000]) {
      const pages = await allPages(files, "", limit);
      for (const page of pages) expect(page.directories.length + page.files.length).toBeLessThanOrEqual(limit);
      expect(pages.length, `limit ${limit}`).toBe(Math.ceil(17 / limit));
      expect(entries(pages)).toEqual(expected);
      expect(pages.at(-1)!.cursor).toBeNull();
      expect(pages.slice(0, -1).every((page) => typeof page.cursor === "string")).toBe(true);
    }
    expect(calls).toBeGreaterThan(0);
  });

  it("asks R2 for no more than the page needs", async () => {
    const asked: (number | undefined)[] = [];
    const files = new R2Storage({ binding: hookedBucket({ list: (options) => void asked.push(options?.limit) }), location: freshLocation("ask") });
    await populate(files);
    const page = await files.listdir("", { limit: 3 });
    expect(page.directories.length + page.files.length).toBe(3);
    expect(asked).toEqual([4]);
    expect(await files.listdir()).toMatchObject({ cursor: null });
    expect(asked.at(-1)).toBe(1000);
  });

  it("round-trips a cursor through another storage instance (it is stateless), and only within the listed directory", async () => {
    const location = freshLocation("rt");
    const one = new R2Storage({ binding: env.BUCKET, location });
    const expected = await populate(one);
    const first = await one.listdir("", { limit: 6 });
    const other = new R2Storage({ binding: env.BUCKET, location });
    const rest = await other.listdir("", { cursor: first.cursor! });
    expect(rest.cursor).toBeNull();
    expect(entries([first, rest])).toEqual(expected);
    // The same cursor in a subdirectory only positions that listing.
    expect(await one.listdir("d0", { cursor: first.cursor! })).toEqual({ directories: [], files: [], cursor: null });
  });

  it("keeps R2's byte order for names past U+FFFF, so cursors skip nothing", async () => {
    const files = new R2Storage({ binding: env.BUCKET, location: freshLocation("order") });
    // UTF-8 (R2's) order: U+E000 < U+FF5E < U+1F600; UTF-16 order would put the emoji first.
    for (const name of ["\u{1F600}.txt", "\uFF5E.txt", "\uE000.txt", "\u{1F600}/x", "\uFF5E/x"]) await files.save(name, "x");
    const pages = await allPages(files, "", 1);
    expect(entries(pages)).toEqual({ directories: ["\uFF5E", "\u{1F600}"], files: ["\uE000.txt", "\uFF5E.txt", "\u{1F600}.txt"] });
  });

  it("never lists dorm's .dorm/ at the bucket root, also paging one entry at a time", async () => {
    const files = new R2Storage({ binding: env.BUCKET });
    await files.save(`${freshLocation("root").slice(0, -1)}.txt`, "x");
    expect(await env.BUCKET.list({ prefix: ".dorm/", limit: 1 })).toMatchObject({ objects: [expect.anything()] });
    const pages = await allPages(files, "", 1);
    const listed = entries(pages);
    expect(listed.directories).not.toContain(".dorm");
    expect(listed.directories).toContain("tests");
    expect(new Set(listed.directories).size).toBe(listed.directories.length);
    expect(pages.every((page) => page.directories.length + page.files.length === 1)).toBe(true);
  });

  it("skips a directory marker object named like the listed directory", async () => {
    const files = new R2Storage({ binding: env.BUCKET, location: freshLocation("marker") });
    await env.BUCKET.put(`${files.location}docs/`, "");
    await files.save("docs/a.txt", "x");
    expect(await files.listdir("docs")).toEqual({ directories: [], files: ["a.txt"], cursor: null });
    expect(await files.listdir()).toEqual({ directories: ["docs"], files: [], cursor: null });
  });
});

describe("R2Storage.listdir refuses", () => {
  const files = new R2Storage({ binding: env.BUCKET, location: freshLocation("bad") });

  it.each([0, -1, 1001, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "10", null])("limit %s with a RangeError", async (limit) => {
    await expect(files.listdir("", { limit: limit as number })).rejects.toThrow(RangeError);
    await expect(files.listdir("", { limit: limit as number })).rejects.toThrow(/limit must be a whole number from 1 to 1000/);
  });

  it.each([
    ["empty", ""],
    ["a path, not one entry", "a/b"],
    ["a lone slash", "/"],
    ["rooted", "/etc"],
    ["escaping upwards", "../x"],
    ["a directory with two slashes", "a//"],
    ["longer than a key", "x".repeat(1025)],
    ["not a string", 42],
  ])("a cursor that is %s with 400 invalid_cursor", async (_label, cursor) => {
    const error = await files.listdir("", { cursor: cursor as string }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).code).toBe("invalid_cursor");
  });

  it("a forged but well-formed cursor only positions the listing inside its directory", async () => {
    const location = freshLocation("forged");
    const storage = new R2Storage({ binding: env.BUCKET, location: `${location}inner` });
    await env.BUCKET.put(`${location}outer.txt`, "x");
    await storage.save("b.txt", "x");
    await storage.save("d.txt", "x");
    expect(await storage.listdir("", { cursor: "c" })).toEqual({ directories: [], files: ["d.txt"], cursor: null });
    expect(await storage.listdir("", { cursor: "\x00" })).toEqual({ directories: [], files: ["b.txt", "d.txt"], cursor: null });
    expect(await storage.listdir("", { cursor: "zzz/" })).toEqual({ directories: [], files: [], cursor: null });
  });
});
