import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FileDigestMismatchError, R2Storage } from "../../../src/files/index.ts";
import { contentDigestSha256 } from "../../../src/files/content-digest.ts";
import { claimKeyOf } from "../../../src/storage/claims.ts";
import { MIN_PART_SIZE } from "../../../src/storage/write-body.ts";
import { bytes, contentDigest, equalBytes, freshLocation, freshTenant, sha256Of, streamOf } from "./helpers.ts";

function storage() {
  return new R2Storage({ binding: env.BUCKET, location: freshLocation("digest") });
}

/** Nothing stored under the name, and no claim marker left behind. */
async function nothingLeft(files: R2Storage, name: string): Promise<void> {
  expect(await files.exists(name)).toBe(false);
  expect(await env.BUCKET.head(await claimKeyOf(files.keyOf(name)))).toBeNull();
  expect((await files.listdir()).files).toEqual([]);
}

describe("save with sha256", () => {
  const data = bytes(70_000, 9);
  const big = bytes(MIN_PART_SIZE * 2 + 777, 10);

  it.each([
    ["bytes (one put, R2 checks)", () => data, data],
    ["a stream of known size (one put, R2 checks)", () => streamOf(data), data],
    ["a small stream of unknown length (hashed, one put)", () => streamOf(data), data],
    ["a multipart stream (hashed as it streams)", () => streamOf(big, 256 * 1024), big],
  ] as const)("stores %s only when it matches", async (label, body, content) => {
    const files = storage();
    const size = label.includes("known size") ? { size: content.byteLength } : {};
    const wrong = await sha256Of(bytes(16, 1));
    const error = await files.save("f.bin", body(), { ...size, sha256: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileDigestMismatchError);
    expect(error).toMatchObject({ status: 400, code: "digest_mismatch" });
    await nothingLeft(files, "f.bin");
    expect(await files.save("f.bin", body(), { ...size, sha256: await sha256Of(content) })).toBe("f.bin");
    expect(equalBytes(await files.read("f.bin"), content)).toBe(true);
  });

  it("never stores a cut-off stream that ended cleanly (a multipart prefix of the declared body)", async () => {
    const files = storage();
    const cut = big.subarray(0, MIN_PART_SIZE + 4096); // what arrived before the client went away
    const error = await files.save("cut.bin", streamOf(cut, 256 * 1024), { sha256: await sha256Of(big) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileDigestMismatchError);
    await nothingLeft(files, "cut.bin");
    const uploads = await env.BUCKET.list({ prefix: files.location, include: [] });
    expect(uploads.objects).toEqual([]);
  });

  it.each([
    ["31 bytes", new Uint8Array(31)],
    ["33 bytes", new Uint8Array(33)],
    ["hex text", "ab".repeat(32)],
    ["an ArrayBuffer", new ArrayBuffer(32)],
  ])("refuses a sha256 of %s before claiming", async (_label, sha256) => {
    const files = storage();
    await expect(files.save("x.bin", "x", { sha256: sha256 as Uint8Array })).rejects.toThrow(RangeError);
    await nothingLeft(files, "x.bin");
  });
});

describe("Content-Digest (RFC 9530)", () => {
  const headers = (value: string) => new Headers({ "content-digest": value });
  const sha = "X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";

  it("reads sha-256 among other members and parameters; ignores other algorithms", () => {
    const expected = Uint8Array.from(atob(sha), (c) => c.charCodeAt(0));
    for (const value of [`sha-256=:${sha}:`, `sha-512=:AAAA:, sha-256=:${sha}:`, ` sha-256=:${sha}:;p=1 `, `md5=:AAAA:,sha-256=:${sha}:`]) {
      expect(contentDigestSha256(headers(value)), value).toEqual(expected);
    }
    expect(contentDigestSha256(new Headers())).toBeNull();
    expect(contentDigestSha256(headers("sha-512=:AAAA:"))).toBeNull();
    expect(contentDigestSha256(headers("unixsum=123, md5=:AAAA:"))).toBeNull();
  });

  it.each([
    ["a bare value", sha],
    ["an unbracketed value", `sha-256=${sha}`],
    ["hex instead of base64", `sha-256=:${"ab".repeat(32)}:`],
    ["16 bytes", "sha-256=:AAAAAAAAAAAAAAAAAAAAAA==:"],
    ["64 bytes", `sha-256=:${btoa("x".repeat(64))}:`],
    ["no padding", `sha-256=:${sha.slice(0, -1)}:`],
    ["base64url", `sha-256=:${sha.replace("X", "-")}:`],
    ["an upper-case key", `SHA-256=:${sha}:`],
    ["a duplicate", `sha-256=:${sha}:, sha-256=:${sha}:`],
    ["garbage", "%%%"],
    ["a huge value", `sha-256=:${"A".repeat(100_000)}:`],
  ])("refuses %s with 400 invalid_digest", (_label, value) => {
    expect(() => contentDigestSha256(headers(value))).toThrow(expect.objectContaining({ status: 400, code: "invalid_digest" }));
  });
});

describe("PUT /files/<path> integrity in the demo", () => {
  function tenant() {
    const stub = env.APP.get(env.APP.idFromName(freshTenant("integrity")));
    const call = (path: string, init?: RequestInit) => stub.fetch(`https://notes.example${path}`, init);
    return { call };
  }
  const data = bytes(200_000, 21);

  it("stores a chunked upload whose Content-Digest matches", async () => {
    const t = tenant();
    const res = await t.call("/files/ok.bin", { method: "PUT", body: streamOf(data), headers: { "content-digest": await contentDigest(data) } });
    expect(res.status).toBe(201);
    expect(equalBytes(new Uint8Array(await (await t.call("/files/ok.bin")).arrayBuffer()), data)).toBe(true);
  });

  it("refuses a chunked upload with a wrong digest: 400 digest_mismatch, nothing stored, no marker", async () => {
    const t = tenant();
    const other = bytes(200_000, 22);
    const res = await t.call("/files/bad.bin", { method: "PUT", body: streamOf(data), headers: { "content-digest": await contentDigest(other) } });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toBe("digest_mismatch");
    expect((await t.call("/files/bad.bin")).status).toBe(404);
    expect(await t.call("/files/").then((r) => r.json())).toEqual({ directories: [], files: [], cursor: null });
    // No marker: the same name is free for the next upload.
    const again = await t.call("/files/bad.bin", { method: "PUT", body: data });
    expect(await again.json()).toEqual({ name: "bad.bin" });
  });

  it("refuses a Content-Length upload with a wrong digest (R2 checks it)", async () => {
    const t = tenant();
    const res = await t.call("/files/cl.bin", { method: "PUT", body: data, headers: { "content-digest": await contentDigest(bytes(5, 1)) } });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toBe("digest_mismatch");
    expect((await t.call("/files/cl.bin")).status).toBe(404);
  });

  it("answers 411 length_required to an upload with neither Content-Length nor a digest, storing nothing", async () => {
    const t = tenant();
    for (const digest of [undefined, "sha-512=:AAAA:"]) {
      const res = await t.call("/files/unknown.bin", {
        method: "PUT",
        body: streamOf(data),
        headers: digest ? { "content-digest": digest } : {},
      });
      expect(res.status).toBe(411);
      expect(res.headers.get("want-content-digest")).toBe("sha-256=10");
      expect((await res.json<{ error: string }>()).error).toBe("length_required");
    }
    expect((await t.call("/files/unknown.bin")).status).toBe(404);
    // An empty PUT has no body to cut off: it is taken.
    expect((await t.call("/files/empty.txt", { method: "PUT" })).status).toBe(201);
  });

  it("answers 400 invalid_digest to a malformed Content-Digest before storing anything", async () => {
    const t = tenant();
    const res = await t.call("/files/m.bin", { method: "PUT", body: data, headers: { "content-digest": "sha-256=abc" } });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toBe("invalid_digest");
    expect((await t.call("/files/m.bin")).status).toBe(404);
  });
});
