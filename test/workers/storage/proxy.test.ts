import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { R2Storage } from "../../../src/files/index.ts";
import { bytes, contentDigest, equalBytes, errorOf, freshTenant, streamOf, tenant } from "./helpers.ts";

const LIMIT = Number(env.MAX_UPLOAD_BYTES); // 1 MiB in test/workers/wrangler.toml

describe("PUT /files/<path>", () => {
  it("streams the body into R2 and answers 201 {name}, suffixing a taken name", async () => {
    const t = tenant();
    const first = await t.put("/files/docs/a.tar.gz", bytes(5000, 1));
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ name: "docs/a.tar.gz" });
    const second = await t.put("/files/docs/a.tar.gz", bytes(5000, 2));
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual({ name: "docs/a_1.tar.gz" });
    const stored = await env.BUCKET.get(`tenants/${t.name}/docs/a_1.tar.gz`);
    expect(equalBytes(await stored!.bytes(), bytes(5000, 2))).toBe(true);
  });

  it("decodes the path: spaces, unicode and encoded characters name the file", async () => {
    const t = tenant();
    const res = await t.put(`/files/${encodeURIComponent("dir é")}/a%2Bb%20c.txt`, "x");
    expect(await res.json()).toEqual({ name: "dir é/a+b c.txt" });
  });

  it("keeps the request's content type, or guesses from the extension", async () => {
    const t = tenant();
    await t.put("/files/given.bin", "x", { "content-type": "application/x-thing" });
    await t.put("/files/guessed.png", bytes(8));
    expect((await t.call("/files/given.bin")).headers.get("content-type")).toBe("application/x-thing");
    expect((await t.call("/files/guessed.png")).headers.get("content-type")).toBe("image/png");
  });

  it("answers 413 past MAX_UPLOAD_BYTES with Content-Length, storing nothing", async () => {
    const t = tenant();
    const res = await t.put("/files/big.bin", bytes(LIMIT + 1));
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toBe("payload_too_large");
    expect((await t.call("/files/big.bin")).status).toBe(404);
    expect((await t.put("/files/exact.bin", bytes(LIMIT))).status).toBe(201);
  });

  it("answers 413 for a chunked body (no Content-Length) once it counts past the limit", async () => {
    const t = tenant();
    // The demo takes an upload of unknown length only with a digest (requireIntegrity).
    const over = bytes(LIMIT + 100_000);
    const res = await t.put("/files/chunked.bin", streamOf(over, 32 * 1024), { "content-digest": await contentDigest(over) });
    expect(res.status).toBe(413);
    expect((await t.call("/files/chunked.bin")).status).toBe(404);
    const fits = bytes(LIMIT - 10);
    const ok = await t.put("/files/chunked.bin", streamOf(fits, 32 * 1024), { "content-digest": await contentDigest(fits) });
    expect(ok.status).toBe(201);
    expect((await t.call("/files/chunked.bin")).headers.get("content-length")).toBe(String(LIMIT - 10));
  });

  it("refuses partial PUT (Content-Range) with 400", async () => {
    const res = await tenant().put("/files/p.txt", "x", { "content-range": "bytes 0-0/10" });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("partial_put_unsupported");
  });
});

describe("GET and HEAD /files/<path>", () => {
  async function withFile(size = 1000, path = "/files/f.bin") {
    const t = tenant();
    const data = bytes(size, 9);
    await t.put(path, data);
    const head = await env.BUCKET.head(`tenants/${t.name}/${decodeURIComponent(path.slice(7))}`);
    return { t, data, object: head! };
  }

  it("serves the file with validators, length, type, ranges and private caching", async () => {
    const { t, data, object } = await withFile();
    const res = await t.call("/files/f.bin");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("1000");
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("etag")).toBe(object.httpEtag);
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    expect(res.headers.get("last-modified")).toBe(object.uploaded.toUTCString());
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("cache-control")).toBe("private, no-cache, no-transform");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(equalBytes(new Uint8Array(await res.arrayBuffer()), data)).toBe(true);
  });

  it("answers HEAD with the same headers and no body", async () => {
    const { t, object } = await withFile(777);
    const res = await t.call("/files/f.bin", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("777");
    expect(res.headers.get("etag")).toBe(object.httpEtag);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(await res.text()).toBe("");
  });

  it.each([
    ["bytes=0-9", 0, 9],
    ["bytes=990-", 990, 999],
    ["bytes=-25", 975, 999],
    ["bytes=500-5000", 500, 999],
  ])("answers Range %s with 206 and Content-Range", async (range, from, to) => {
    const { t, data } = await withFile();
    const res = await t.call("/files/f.bin", { headers: { range } });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes ${from}-${to}/1000`);
    expect(res.headers.get("content-length")).toBe(String(to - from + 1));
    expect(equalBytes(new Uint8Array(await res.arrayBuffer()), data.slice(from, to + 1))).toBe(true);
  });

  it.each(["bytes=1000-", "bytes=5000-6000", "bytes=-0"])("answers unsatisfiable %s with 416 (checked against the size)", async (range) => {
    const { t } = await withFile();
    const res = await t.call("/files/f.bin", { headers: { range } });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe("bytes */1000");
    expect(await errorOf(res)).toBe("range_not_satisfiable");
  });

  it("serves the whole file for a multi-range or malformed Range, and for a stale If-Range", async () => {
    const { t, object } = await withFile();
    const cases: Record<string, string>[] = [
      { range: "bytes=0-1,5-6" },
      { range: "bytes=9-2" },
      { range: "bytes=0-9", "if-range": '"stale"' },
    ];
    for (const headers of cases) {
      const res = await t.call("/files/f.bin", { headers });
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(1000);
    }
    const fresh = await t.call("/files/f.bin", { headers: { range: "bytes=0-9", "if-range": object.httpEtag } });
    expect(fresh.status).toBe(206);
    await fresh.arrayBuffer();
  });

  it("answers 304 for a matching If-None-Match or an unchanged If-Modified-Since (GET and HEAD)", async () => {
    const { t, object } = await withFile();
    for (const method of ["GET", "HEAD"]) {
      const byTag = await t.call("/files/f.bin", { method, headers: { "if-none-match": object.httpEtag } });
      expect(byTag.status).toBe(304);
      expect(byTag.headers.get("etag")).toBe(object.httpEtag);
      expect(byTag.headers.get("cache-control")).toContain("private");
      expect(await byTag.text()).toBe("");
      const byDate = await t.call("/files/f.bin", {
        method,
        headers: { "if-modified-since": new Date(object.uploaded.getTime() + 1000).toUTCString() },
      });
      expect(byDate.status).toBe(304);
    }
    const changed = await t.call("/files/f.bin", { headers: { "if-none-match": '"other"' } });
    expect(changed.status).toBe(200);
    await changed.arrayBuffer();
    const ranged = await t.call("/files/f.bin", { headers: { "if-none-match": object.httpEtag, range: "bytes=0-1" } });
    expect(ranged.status).toBe(304);
  });

  it("answers 412 when If-Match or If-Unmodified-Since fails, 200 when they hold", async () => {
    const { t, object } = await withFile();
    const badTag = await t.call("/files/f.bin", { headers: { "if-match": '"other"' } });
    expect(badTag.status).toBe(412);
    expect(await errorOf(badTag)).toBe("precondition_failed");
    const badDate = await t.call("/files/f.bin", {
      headers: { "if-unmodified-since": new Date(object.uploaded.getTime() - 60_000).toUTCString() },
    });
    expect(badDate.status).toBe(412);
    await badDate.arrayBuffer();
    const ranged = await t.call("/files/f.bin", { headers: { "if-match": '"other"', range: "bytes=0-1" } });
    expect(ranged.status).toBe(412);
    await ranged.arrayBuffer();
    const good = await t.call("/files/f.bin", { headers: { "if-match": object.httpEtag } });
    expect(good.status).toBe(200);
    await good.arrayBuffer();
  });

  it("answers 404 for an absent file, GET and HEAD", async () => {
    const t = tenant();
    const res = await t.call("/files/nope.txt");
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toBe("not_found");
    expect((await t.call("/files/nope.txt", { method: "HEAD" })).status).toBe(404);
    expect((await t.call("/files/nope.txt", { headers: { range: "bytes=0-1" } })).status).toBe(404);
  });

  it("serves an empty file, and answers 416 to any range of it", async () => {
    const t = tenant();
    await t.put("/files/empty.txt", null);
    const res = await t.call("/files/empty.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("0");
    expect(await res.text()).toBe("");
    expect((await t.call("/files/empty.txt", { headers: { range: "bytes=0-" } })).status).toBe(416);
  });

  it("keeps tenants apart: one tenant's file is not another's", async () => {
    const a = tenant();
    const b = tenant();
    await a.put("/files/private.txt", "a's");
    expect((await b.call("/files/private.txt")).status).toBe(404);
  });
});

describe("DELETE /files/<path> and listing", () => {
  it("deletes with 204, then 404", async () => {
    const t = tenant();
    await t.put("/files/d.txt", "x");
    const del = await t.call("/files/d.txt", { method: "DELETE" });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe("");
    expect((await t.call("/files/d.txt")).status).toBe(404);
    const again = await t.call("/files/d.txt", { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(await errorOf(again)).toBe("not_found");
  });

  it("lists files and directories with GET /files/?dir=", async () => {
    const t = tenant();
    for (const path of ["top.txt", "docs/a.md", "docs/b.md", "docs/img/c.png", "misc/z"]) await t.put(`/files/${path}`, path);
    const root = await t.call("/files/");
    expect(root.status).toBe(200);
    expect(await root.json()).toEqual({ directories: ["docs", "misc"], files: ["top.txt"], cursor: null });
    expect(await (await t.call("/files")).json()).toEqual({ directories: ["docs", "misc"], files: ["top.txt"], cursor: null });
    expect(await (await t.call("/files/?dir=docs")).json()).toEqual({ directories: ["img"], files: ["a.md", "b.md"], cursor: null });
    expect(await (await t.call("/files/?dir=docs%2Fimg")).json()).toEqual({ directories: [], files: ["c.png"], cursor: null });
    const bad = await t.call("/files/?dir=..%2Fother");
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toBe("invalid_name");
  });

  it("pages GET /files/?dir=&limit=&cursor=, each answer at most limit entries", async () => {
    const t = tenant();
    const paths = ["d/a/x", "d/b/x", "d/c.txt", "d/d/x", "d/e.txt", "d/f.txt", "d/g/x"];
    for (const path of paths) await (await t.put(`/files/${path}`, path)).arrayBuffer();
    const seen: { directories: string[]; files: string[] } = { directories: [], files: [] };
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?dir=d&limit=3${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
      const res = await t.call(`/files/${query}`);
      expect(res.status).toBe(200);
      const page = await res.json<{ directories: string[]; files: string[]; cursor: string | null }>();
      expect(page.directories.length + page.files.length).toBeLessThanOrEqual(3);
      seen.directories.push(...page.directories);
      seen.files.push(...page.files);
      cursor = page.cursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual({ directories: ["a", "b", "d", "g"], files: ["c.txt", "e.txt", "f.txt"] });
  });

  it.each(["0", "1001", "-1", "1.5", "abc", "", "1e3", " 5", "99999999999999999999"])(
    "answers 400 invalid_limit for limit=%j",
    async (limit) => {
      const res = await tenant().call(`/files/?limit=${encodeURIComponent(limit)}`);
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toBe("invalid_limit");
    },
  );

  it.each(["", "a".repeat(2000), "a/b", "/", "../other", "/etc/passwd"])("answers 400 invalid_cursor for cursor=%j", async (cursor) => {
    const res = await tenant().call(`/files/?cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("invalid_cursor");
  });

  it("answers 405 with Allow for other methods", async () => {
    const t = tenant();
    const post = await t.call("/files/x.txt", { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, PUT, DELETE");
    const putDir = await t.put("/files/", "x");
    expect(putDir.status).toBe(405);
    expect(putDir.headers.get("allow")).toBe("GET");
  });
});

describe("hostile names at the edge", () => {
  const HOSTILE_PATHS = [
    "..%2fsecret",
    "..%2F..%2Fetc%2Fpasswd",
    "a%2f..%2f..%2fb",
    "%2fetc%2fpasswd",
    "a%5cb",
    "..%5c..%5cwin.ini",
    "a%00b",
    "a%0d%0aSet-Cookie:x",
    "a%2f%2fb",
    "a%2f.%2fb",
    "%ff%fe",
    "%E0%A4%A",
    "x".repeat(1100),
  ];

  const cases = HOSTILE_PATHS.map((path) => [path.length > 40 ? `${path.slice(0, 12)}… (${path.length} chars)` : path, path]);

  it.each(cases)("answers 400 invalid_name for /files/%s with every method, storing nothing", async (_label, path) => {
    const t = tenant();
    for (const method of ["GET", "HEAD", "PUT", "DELETE"]) {
      const res = await t.call(`/files/${path}`, { method, ...(method === "PUT" && { body: "payload" }) });
      expect(res.status, `${method} ${path}`).toBe(400);
      if (method !== "HEAD") expect(await errorOf(res)).toBe("invalid_name");
    }
    const listed = await env.BUCKET.list({ prefix: `tenants/${t.name}/` });
    expect(listed.objects).toEqual([]);
  });
});

describe("signed URLs", () => {
  const secret = env.FILES_SIGNING_SECRET!;
  const storageOf = (name: string) =>
    new R2Storage({ binding: env.BUCKET, location: `tenants/${name}/`, signing: { secret, urlBase: "/files/" } });

  it("serves a file for a valid signature, 403 when expired or tampered", async () => {
    const t = tenant();
    await t.put("/files/s/doc.txt", "signed content");
    const url = await storageOf(t.name).url("s/doc.txt", { expiresIn: 300 });
    const ok = await t.call(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("signed content");
    expect((await t.call(url, { method: "HEAD" })).status).toBe(200);

    const tampered = await t.call(url.replace("doc.txt", "doc2.txt"));
    expect(tampered.status).toBe(403);
    expect(await errorOf(tampered)).toBe("invalid_signature");
    const badSig = await t.call(url.replace(/signature=.{5}/, "signature=AAAAA"));
    expect(badSig.status).toBe(403);
    await badSig.arrayBuffer();

    const realNow = Date.now;
    const expiredUrl = await (async () => {
      Date.now = () => realNow() - 3_600_000;
      try {
        return await storageOf(t.name).url("s/doc.txt", { expiresIn: 60 });
      } finally {
        Date.now = realNow;
      }
    })();
    const expired = await t.call(expiredUrl);
    expect(expired.status).toBe(403);
    expect(await errorOf(expired)).toBe("signature_expired");
  });

  it("does not admit one tenant's signed URL for another tenant", async () => {
    const a = tenant();
    const b = tenant();
    await a.put("/files/x.txt", "a");
    await b.put("/files/x.txt", "b");
    const url = await storageOf(a.name).url("x.txt");
    const res = await b.call(url);
    expect(res.status).toBe(403);
    await res.arrayBuffer();
  });
});
