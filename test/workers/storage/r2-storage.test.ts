import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FileConflictError, FileNotFoundError, FileTooLargeError, InvalidFileNameError, R2Storage } from "../../../src/files/index.ts";
import { ConfigError } from "../../../src/index.ts";
import { claimKeyOf, CLAIM_TTL_MS } from "../../../src/storage/claims.ts";
import { MIN_PART_SIZE } from "../../../src/storage/write-body.ts";
import { bytes, equalBytes, freshLocation, HOSTILE_NAMES, hookedBucket, streamOf } from "./helpers.ts";

const SECRET = "a-test-secret-that-is-long-enough-0123";

function storage(options: Partial<ConstructorParameters<typeof R2Storage>[0]> = {}) {
  return new R2Storage({ binding: env.BUCKET, location: freshLocation(), ...options });
}

describe("R2Storage basics", () => {
  it("saves, opens, reads, stats and deletes a file", async () => {
    const files = storage();
    const data = bytes(1000, 7);
    expect(await files.save("docs/a.bin", data)).toBe("docs/a.bin");
    expect(await files.exists("docs/a.bin")).toBe(true);
    expect(equalBytes(await files.read("docs/a.bin"), data)).toBe(true);
    const opened = await files.open("docs/a.bin");
    expect(opened.size).toBe(1000);
    expect(opened.key).toBe(`${files.location}docs/a.bin`);
    expect(equalBytes(new Uint8Array(await opened.arrayBuffer()), data)).toBe(true);
    const part = await files.open("docs/a.bin", { range: { offset: 10, length: 5 } });
    expect(equalBytes(new Uint8Array(await part.arrayBuffer()), data.slice(10, 15))).toBe(true);
    expect(await files.size("docs/a.bin")).toBe(1000);
    const modified = await files.modifiedTime("docs/a.bin");
    expect(Math.abs(modified.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await files.delete("docs/a.bin")).toBe(true);
    expect(await files.exists("docs/a.bin")).toBe(false);
    expect(await files.delete("docs/a.bin")).toBe(false);
  });

  it("throws FileNotFoundError (404) for absent files", async () => {
    const files = storage();
    await expect(files.open("nope")).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(files.read("nope")).rejects.toMatchObject({ status: 404, code: "not_found" });
    await expect(files.size("nope")).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(files.modifiedTime("nope")).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await files.stat("nope")).toBeNull();
  });

  it("accepts strings, ArrayBuffers, Blobs, null and streams of known length", async () => {
    const files = storage();
    await files.save("s.txt", "héllo");
    expect(new TextDecoder().decode(await files.read("s.txt"))).toBe("héllo");
    await files.save("ab.bin", bytes(10).buffer as ArrayBuffer);
    expect(await files.size("ab.bin")).toBe(10);
    await files.save("blob.bin", new Blob([bytes(33)]));
    expect(await files.size("blob.bin")).toBe(33);
    await files.save("empty", null);
    expect(await files.size("empty")).toBe(0);
    const data = bytes(200_000, 3);
    await files.save("stream.bin", streamOf(data), { size: data.byteLength });
    expect(equalBytes(await files.read("stream.bin"), data)).toBe(true);
  });

  it("fails a stream shorter than its declared size and leaves the name free", async () => {
    const files = storage();
    await expect(files.save("short.bin", streamOf(bytes(100)), { size: 200 })).rejects.toThrow();
    expect(await files.exists("short.bin")).toBe(false);
    expect(await files.save("short.bin", "ok")).toBe("short.bin");
  });

  it("stores the content type given, or guesses it from the extension", async () => {
    const files = storage();
    await files.save("photo.PNG", bytes(10));
    expect((await files.stat("photo.PNG"))?.httpMetadata?.contentType).toBe("image/png");
    await files.save("data.bin", bytes(10), { contentType: "application/x-custom" });
    expect((await files.stat("data.bin"))?.httpMetadata?.contentType).toBe("application/x-custom");
    await files.save("bad.txt", "x", { contentType: "not a type\r\n" });
    expect((await files.stat("bad.txt"))?.httpMetadata?.contentType).toBe("text/plain; charset=utf-8");
  });

  it("stores Cache-Control from the save or the storage option", async () => {
    const files = storage({ cacheControl: "public, max-age=60" });
    await files.save("a.txt", "a");
    expect((await files.stat("a.txt"))?.httpMetadata?.cacheControl).toBe("public, max-age=60");
    await files.save("b.txt", "b", { cacheControl: "no-store" });
    expect((await files.stat("b.txt"))?.httpMetadata?.cacheControl).toBe("no-store");
  });

  it.each(HOSTILE_NAMES)("refuses hostile name %j (%s) in every method, before any I/O", async (name) => {
    let puts = 0;
    const files = new R2Storage({
      binding: hookedBucket({ beforePut: () => void puts++ }),
      location: freshLocation(),
    });
    const refusals = [
      files.save(name, "x"),
      files.open(name),
      files.exists(name),
      files.delete(name),
      files.size(name),
      files.url(name),
      Promise.resolve().then(() => files.keyOf(name)),
    ];
    for (const refusal of refusals) {
      const error: unknown = await refusal.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidFileNameError);
      // The message names the file only, never the storage's layout.
      expect((error as Error).message).not.toContain(files.location.slice(0, -1));
      expect((error as Error).message).not.toContain("tests/");
    }
    expect(puts).toBe(0);
  });

  it("treats a name and its NFD twin as one file: saved, read, listed and deleted in NFC", async () => {
    const files = storage();
    const nfc = "caf\u00e9/r\u00e9sum\u00e9.txt";
    const nfd = "cafe\u0301/re\u0301sume\u0301.txt";
    expect(await files.save(nfd, "first")).toBe(nfc);
    expect(await files.save(nfc, "second")).toBe("caf\u00e9/r\u00e9sum\u00e9_1.txt");
    expect(new TextDecoder().decode(await files.read(nfd))).toBe("first");
    expect(files.keyOf(nfd)).toBe(`${files.location}${nfc}`);
    expect(await files.listdir("cafe\u0301")).toEqual({ directories: [], files: ["r\u00e9sum\u00e9.txt", "r\u00e9sum\u00e9_1.txt"], cursor: null });
    expect(await files.listdir()).toEqual({ directories: ["caf\u00e9"], files: [], cursor: null });
    expect(await files.delete(nfd)).toBe(true);
    expect(await files.exists(nfc)).toBe(false);
  });

  it("never resolves a name outside its location", async () => {
    const files = storage();
    for (const name of ["a/b/c.txt", "x..y", "..."]) {
      expect(files.keyOf(name).startsWith(files.location)).toBe(true);
    }
  });
});

describe("R2Storage names with overwrite off", () => {
  it("suffixes a taken name before the whole extension", async () => {
    const files = storage();
    expect(await files.save("a.tar.gz", "1")).toBe("a.tar.gz");
    expect(await files.save("a.tar.gz", "2")).toBe("a_1.tar.gz");
    expect(await files.save("a.tar.gz", "3")).toBe("a_2.tar.gz");
    expect(await files.save("dir/readme", "1")).toBe("dir/readme");
    expect(await files.save("dir/readme", "2")).toBe("dir/readme_1");
    expect(new TextDecoder().decode(await files.read("a.tar.gz"))).toBe("1");
    expect(new TextDecoder().decode(await files.read("a_2.tar.gz"))).toBe("3");
  });

  it("frees a name on delete, so the next save takes it again", async () => {
    const files = storage();
    await files.save("n.txt", "1");
    await files.delete("n.txt");
    expect(await files.save("n.txt", "2")).toBe("n.txt");
  });

  it("treats files written by others (no claim marker) as taken", async () => {
    const files = storage();
    await env.BUCKET.put(`${files.location}ext.txt`, "from another tool");
    expect(await files.save("ext.txt", "mine")).toBe("ext_1.txt");
    expect(new TextDecoder().decode(await files.read("ext.txt"))).toBe("from another tool");
  });

  it("takes over a claim abandoned longer than the TTL, but not a fresh one", async () => {
    const files = storage();
    const key = files.keyOf("crashed.txt");
    const marker = await claimKeyOf(key);
    await env.BUCKET.put(marker, "x", { customMetadata: { key, claimedAt: String(Date.now()) } });
    expect(await files.save("crashed.txt", "a")).toBe("crashed_1.txt");
    await env.BUCKET.put(marker, "y", { customMetadata: { key, claimedAt: String(Date.now() - CLAIM_TTL_MS - 1000) } });
    expect(await files.save("crashed.txt", "b")).toBe("crashed.txt");
  });

  it("skips a name whose claim R2 rate-limits (429, 10058) instead of failing", async () => {
    let refused = 0;
    const location = freshLocation();
    const files = new R2Storage({
      location,
      binding: hookedBucket({
        beforePut(key, options) {
          const onlyIf = options?.onlyIf as R2Conditional | undefined;
          if (key.startsWith(".dorm/claims/") && onlyIf?.etagDoesNotMatch === "*" && refused++ === 0) {
            throw new Error("put: Reduce your concurrent request rate for the same object. (10058)");
          }
        },
      }),
    });
    expect(await files.save("hot.txt", "x")).toBe("hot_1.txt");
    expect(refused).toBe(2);
  });

  it("answers 409 when a writer without claims creates the key during the upload", async () => {
    const location = freshLocation();
    const files = new R2Storage({
      location,
      binding: hookedBucket({
        async beforePut(key) {
          if (key === `${location}race.txt`) await env.BUCKET.put(key, "sneaked in");
        },
      }),
    });
    const error = await files.save("race.txt", "mine").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileConflictError);
    expect((error as FileConflictError).status).toBe(409);
    expect(new TextDecoder().decode(await env.BUCKET.get(`${location}race.txt`).then((o) => o!.bytes()))).toBe(
      "sneaked in",
    );
  });

  it("releases the claim when the write fails, so the name stays usable", async () => {
    const files = storage();
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("client went away"));
      },
    });
    await expect(files.save("f.txt", failing)).rejects.toThrow(/client went away/);
    expect(await env.BUCKET.head(await claimKeyOf(files.keyOf("f.txt")))).toBeNull();
    expect(await files.save("f.txt", "ok")).toBe("f.txt");
  });
});

describe("R2Storage with allowOverwrite", () => {
  it("replaces the file under the same name", async () => {
    const files = storage({ allowOverwrite: true });
    expect(await files.save("same.txt", "one")).toBe("same.txt");
    expect(await files.save("same.txt", "two")).toBe("same.txt");
    expect(new TextDecoder().decode(await files.read("same.txt"))).toBe("two");
    expect(files.allowOverwrite).toBe(true);
  });
});

describe("R2Storage bodies of unknown length", () => {
  it("streams a body over one part through multipart upload, byte-identical", async () => {
    const files = storage();
    const data = bytes(2 * MIN_PART_SIZE + 12345, 11);
    let multipart = 0;
    const bucket = env.BUCKET;
    const counting: R2Bucket = Object.assign(Object.create(null), hookedBucket({}), {
      createMultipartUpload: (key: string, options?: R2MultipartOptions) => {
        multipart++;
        return bucket.createMultipartUpload(key, options);
      },
    });
    const viaParts = new R2Storage({ binding: counting, location: files.location });
    expect(await viaParts.save("big.bin", streamOf(data, 100_000))).toBe("big.bin");
    expect(multipart).toBe(1);
    expect(await files.size("big.bin")).toBe(data.byteLength);
    expect(equalBytes(await files.read("big.bin"), data)).toBe(true);
  });

  it("stores a small stream of unknown length with a single put", async () => {
    const files = storage();
    const data = bytes(70_000, 5);
    expect(await files.save("small.bin", streamOf(data, 1000))).toBe("small.bin");
    expect(equalBytes(await files.read("small.bin"), data)).toBe(true);
  });

  it("refuses a stream past maxBytes (413) while counting, stores nothing and frees the name", async () => {
    const files = storage();
    const error = await files.save("x.bin", streamOf(bytes(300_000), 10_000), { maxBytes: 100_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect((error as FileTooLargeError).status).toBe(413);
    expect(await files.exists("x.bin")).toBe(false);
    expect(await files.save("x.bin", "fits", { maxBytes: 100_000 })).toBe("x.bin");
  });

  it("aborts a multipart upload that passes maxBytes", async () => {
    const files = storage();
    const limit = MIN_PART_SIZE + 1000;
    await expect(files.save("m.bin", streamOf(bytes(MIN_PART_SIZE * 2), 256 * 1024), { maxBytes: limit })).rejects.toBeInstanceOf(
      FileTooLargeError,
    );
    expect(await files.exists("m.bin")).toBe(false);
  });

  it("refuses a known size past maxBytes before reading or claiming", async () => {
    const files = storage();
    await expect(files.save("k.bin", bytes(2000), { maxBytes: 1000 })).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(files.save("k2.bin", streamOf(bytes(10)), { size: 5000, maxBytes: 1000 })).rejects.toBeInstanceOf(
      FileTooLargeError,
    );
    expect((await files.listdir()).files).toEqual([]);
  });
});

describe("R2Storage.listdir", () => {
  it("lists files and directories directly under a path", async () => {
    const files = storage();
    for (const name of ["a.txt", "b.txt", "docs/x.md", "docs/y.md", "docs/deep/z.md", "img/p.png"]) {
      await files.save(name, name);
    }
    expect(await files.listdir()).toEqual({ directories: ["docs", "img"], files: ["a.txt", "b.txt"], cursor: null });
    expect(await files.listdir("docs")).toEqual({ directories: ["deep"], files: ["x.md", "y.md"], cursor: null });
    expect(await files.listdir("docs/")).toEqual({ directories: ["deep"], files: ["x.md", "y.md"], cursor: null });
    expect(await files.listdir("nothing")).toEqual({ directories: [], files: [], cursor: null });
    await expect(files.listdir("../other")).rejects.toBeInstanceOf(InvalidFileNameError);
  });

  it("follows the cursor across list pages", async () => {
    const location = freshLocation();
    let calls = 0;
    const files = new R2Storage({ binding: hookedBucket({ list: () => void calls++ }), location, listPageSize: 2 });
    const names = Array.from({ length: 7 }, (_, i) => `f${i}.txt`);
    for (const name of names) await files.save(name, name);
    for (const dir of ["d1", "d2", "d3"]) await files.save(`${dir}/x`, dir);
    const listing = await files.listdir();
    expect(listing.files).toEqual(names);
    expect(listing.directories).toEqual(["d1", "d2", "d3"]);
    expect(calls).toBeGreaterThanOrEqual(5);
  });

  it("hides dorm's claim markers at the bucket root", async () => {
    const files = new R2Storage({ binding: env.BUCKET });
    await files.save(`${freshLocation("root").slice(0, -1)}.txt`, "x");
    const listing = await files.listdir();
    expect(listing.directories).not.toContain(".dorm");
  });
});

describe("R2Storage.url", () => {
  it("returns public URLs under publicBaseUrl, encoded per segment", async () => {
    const files = new R2Storage({
      binding: env.BUCKET,
      location: "tenants/acme",
      publicBaseUrl: "https://cdn.example.com/",
    });
    expect(await files.url("a b/ü.txt")).toBe("https://cdn.example.com/tenants/acme/a%20b/%C3%BC.txt");
  });

  it("signs expiring URLs that check out only for the same key, unchanged and in time", async () => {
    const files = new R2Storage({ binding: env.BUCKET, location: "tenants/acme", signing: { secret: SECRET, urlBase: "/files/" } });
    const url = await files.url("r/a b.pdf", { expiresIn: 60 });
    expect(url).toMatch(/^\/files\/r\/a%20b\.pdf\?expires=\d+&signature=[A-Za-z0-9_-]{43}$/);
    const get = (u: string, method = "GET") => new Request(new URL(u, "https://app.example"), { method });
    expect(await files.checkSignedRequest(get(url))).toBe("valid");
    expect(await files.checkSignedRequest(get(url, "HEAD"))).toBe("valid");
    expect(await files.checkSignedRequest(get(url, "PUT"))).toBe("none");
    expect(await files.checkSignedRequest(get("/files/r/a%20b.pdf"))).toBe("none");
    expect(await files.checkSignedRequest(get(url.replace("a%20b", "other")))).toBe("invalid");
    const expires = Number(new URL(url, "https://x").searchParams.get("expires"));
    expect(await files.checkSignedRequest(get(url.replace(`expires=${expires}`, `expires=${expires + 1}`)))).toBe(
      "invalid",
    );
    expect(await files.checkSignedRequest(get(url.replace(/signature=./, "signature=A")))).toBe("invalid");
    expect(await files.checkSignedRequest(get(`${url.split("&")[0]}`))).toBe("invalid");
    // Another tenant's storage (same secret, other location) does not accept it.
    const other = new R2Storage({ binding: env.BUCKET, location: "tenants/evil", signing: { secret: SECRET, urlBase: "/files/" } });
    expect(await other.checkSignedRequest(get(url))).toBe("invalid");
    // Another secret does not either.
    const rotated = new R2Storage({
      binding: env.BUCKET,
      location: "tenants/acme",
      signing: { secret: `${SECRET}-rotated`, urlBase: "/files/" },
    });
    expect(await rotated.checkSignedRequest(get(url))).toBe("invalid");
  });

  it("reports an expired signature as expired", async () => {
    const files = new R2Storage({ binding: env.BUCKET, location: "l", signing: { secret: SECRET, urlBase: "https://app.example/files/" } });
    const url = await files.url("a.txt", { expiresIn: 1 });
    expect(url.startsWith("https://app.example/files/a.txt?")).toBe(true);
    const later = Date.now() + 5_000;
    const realNow = Date.now;
    Date.now = () => later;
    try {
      expect(await files.checkSignedRequest(new Request(url))).toBe("expired");
    } finally {
      Date.now = realNow;
    }
  });

  it("needs publicBaseUrl or signing, and a sane lifetime", async () => {
    await expect(storage().url("a.txt")).rejects.toBeInstanceOf(ConfigError);
    const files = storage({ signing: { secret: SECRET, urlBase: "/files/" } });
    await expect(files.url("a.txt", { expiresIn: 0 })).rejects.toThrow(/expiresIn/);
    await expect(files.url("a.txt", { expiresIn: 8 * 24 * 3600 })).rejects.toThrow(/expiresIn/);
  });
});

describe("R2Storage options", () => {
  it.each([
    [{ binding: undefined }, /^binding:/],
    [{ binding: {} }, /^binding:/],
    [{ location: "/abs" }, /^location:/],
    [{ location: "a/../b" }, /^location:/],
    [{ partSize: 1024 }, /^partSize:/],
    [{ listPageSize: 0 }, /^listPageSize:/],
    [{ publicBaseUrl: "cdn.example.com" }, /^publicBaseUrl:/],
    [{ signing: { secret: "short", urlBase: "/files/" } }, /^signing\.secret:/],
    [{ signing: { secret: SECRET, urlBase: "/files" } }, /^signing\.urlBase:/],
    [{ signing: { secret: SECRET, urlBase: "//evil.example/" } }, /^signing\.urlBase:/],
    [{ signing: { secret: SECRET, urlBase: "/files/", expiresIn: -1 } }, /^signing\.expiresIn:/],
    [{ cacheControl: "a\r\nb" }, /^cacheControl:/],
  ])("refuses %j naming the option", (options, message) => {
    expect(() => new R2Storage({ binding: env.BUCKET, ...(options as object) } as never)).toThrow(ConfigError);
    expect(() => new R2Storage({ binding: env.BUCKET, ...(options as object) } as never)).toThrow(message);
  });
});
