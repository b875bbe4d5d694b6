import { createHash } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { chunked, contentDigestOf } from "./support/bodies.ts";
import { uniqueTenant } from "./support/client.ts";
import { pseudoRandomBytes } from "../shared/pseudo-random-bytes.ts";

const base = inject("demoUrl");

/**
 * A client for one tenant's files. `Accept-Encoding: identity` on every call:
 * wrangler dev (like Cloudflare's edge) gzips compressible or untyped bodies
 * for clients that accept gzip, dropping Content-Length.
 */
function files(tenant = uniqueTenant("files")) {
  const call = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("x-tenant", tenant);
    headers.set("accept-encoding", "identity");
    return fetch(base + path, { ...init, headers });
  };
  return {
    tenant,
    call,
    put: (path: string, body: BodyInit | null, headers: HeadersInit = {}) =>
      call(path, { method: "PUT", body, headers, ...(body instanceof ReadableStream && { duplex: "half" }) } as RequestInit),
  };
}


function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

describe("files over wrangler dev", () => {
  it("uploads 20 MiB and downloads it byte-identical, with Content-Length and chunked", async () => {
    const api = files();
    const data = pseudoRandomBytes(20 * 1024 * 1024, 42);
    const put = await api.put("/files/big/twenty.bin", data);
    expect(put.status).toBe(201);
    expect(await put.json()).toEqual({ name: "big/twenty.bin" });
    const get = await api.call("/files/big/twenty.bin");
    expect(get.status).toBe(200);
    expect(get.headers.get("content-length")).toBe(String(data.byteLength));
    const got = new Uint8Array(await get.arrayBuffer());
    expect(got.byteLength).toBe(data.byteLength);
    expect(sha256(got)).toBe(sha256(data));

    // The demo takes an upload of unknown length only with its digest (RFC 9530).
    const viaParts = await api.put("/files/big/chunked.bin", chunked(data), { "content-digest": contentDigestOf(data) });
    expect(viaParts.status).toBe(201);
    const back = new Uint8Array(await (await api.call("/files/big/chunked.bin")).arrayBuffer());
    expect(sha256(back)).toBe(sha256(data));
  }, 120_000);

  it("serves ranges (206), HEAD, 304, 412 and 416", async () => {
    const api = files();
    const data = pseudoRandomBytes(10_000, 7);
    await (await api.put("/files/r.bin", data)).arrayBuffer();

    const head = await api.call("/files/r.bin", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("10000");
    expect(head.headers.get("accept-ranges")).toBe("bytes");
    const etag = head.headers.get("etag")!;
    const lastModified = head.headers.get("last-modified")!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(Date.parse(lastModified)).not.toBeNaN();
    expect(head.headers.get("cache-control")).toContain("private");

    for (const [range, from, to] of [
      ["bytes=0-99", 0, 99],
      ["bytes=9900-", 9900, 9999],
      ["bytes=-10", 9990, 9999],
    ] as const) {
      const res = await api.call("/files/r.bin", { headers: { range } });
      expect(res.status, range).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${from}-${to}/10000`);
      const part = new Uint8Array(await res.arrayBuffer());
      expect(sha256(part)).toBe(sha256(data.subarray(from, to + 1)));
    }

    const unsatisfiable = await api.call("/files/r.bin", { headers: { range: "bytes=10000-" } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get("content-range")).toBe("bytes */10000");
    await unsatisfiable.arrayBuffer();

    const notModified = await api.call("/files/r.bin", { headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
    const notModifiedSince = await api.call("/files/r.bin", { headers: { "if-modified-since": lastModified } });
    expect(notModifiedSince.status).toBe(304);

    const failedMatch = await api.call("/files/r.bin", { headers: { "if-match": '"not-it"' } });
    expect(failedMatch.status).toBe(412);
    await failedMatch.arrayBuffer();
    const failedSince = await api.call("/files/r.bin", {
      headers: { "if-unmodified-since": new Date(Date.parse(lastModified) - 3_600_000).toUTCString() },
    });
    expect(failedSince.status).toBe(412);
    await failedSince.arrayBuffer();
    const matched = await api.call("/files/r.bin", { headers: { "if-match": etag } });
    expect(matched.status).toBe(200);
    await matched.arrayBuffer();
  });

  it("answers 400 for hostile names and stores nothing", async () => {
    const api = files();
    const hostile = ["..%2fsecret", "..%2F..%2Ftenants%2Fother%2Fx", "a%5cb", "a%00b", "%2fabs", "a%2f%2fb", "%ff", "invoice%E2%80%AEfdp.exe", "x".repeat(1020)];
    for (const path of hostile) {
      for (const method of ["PUT", "GET", "DELETE"]) {
        const res = await api.call(`/files/${path}`, { method, ...(method === "PUT" && { body: "payload" }) });
        expect(res.status, `${method} ${path}`).toBe(400);
        const body = (await res.json()) as { error: string; message: string };
        expect(body.error).toBe("invalid_name");
        // The message names the file, never the tenant's storage prefix.
        expect(body.message).not.toContain(api.tenant);
      }
    }
    const listing = await api.call("/files/");
    expect(await listing.json()).toEqual({ directories: [], files: [], cursor: null });
  });

  it("stores a decomposed (NFD) name as its NFC twin: one file under either spelling", async () => {
    const api = files();
    const nfd = encodeURIComponent("Re\u0301sume\u0301.txt");
    const nfc = encodeURIComponent("R\u00e9sum\u00e9.txt");
    const put = await api.put(`/files/${nfd}`, "once");
    expect(await put.json()).toEqual({ name: "R\u00e9sum\u00e9.txt" });
    expect(await (await api.call(`/files/${nfc}`)).text()).toBe("once");
    expect(await (await api.put(`/files/${nfc}`, "twice")).json()).toEqual({ name: "R\u00e9sum\u00e9_1.txt" });
  });

  it("keeps every one of 20 concurrent uploads of one name", async () => {
    const api = files();
    const bodies = Array.from({ length: 20 }, (_, i) => `upload ${i} ${Math.random()}`);
    const responses = await Promise.all(bodies.map((body) => api.put("/files/same.tar.gz", body)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const names = await Promise.all(responses.map(async (r) => ((await r.json()) as { name: string }).name));
    expect(new Set(names).size).toBe(20);
    expect(names).toContain("same.tar.gz");
    expect(names).toContain("same_19.tar.gz");
    for (const [i, name] of names.entries()) {
      expect(await (await api.call(`/files/${name}`)).text()).toBe(bodies[i]);
    }
    const listing = (await (await api.call("/files/")).json()) as { files: string[] };
    expect(new Set(listing.files)).toEqual(new Set(names));
  });

  it("lists files and directories, and deletes (204, then 404)", async () => {
    const api = files();
    for (const path of ["a.txt", "docs/one.md", "docs/two.md", "docs/img/p.png", "zip/x"]) {
      expect((await api.put(`/files/${path}`, path)).status).toBe(201);
    }
    expect(await (await api.call("/files/")).json()).toEqual({ directories: ["docs", "zip"], files: ["a.txt"], cursor: null });
    expect(await (await api.call("/files/?dir=docs")).json()).toEqual({ directories: ["img"], files: ["one.md", "two.md"], cursor: null });
    const del = await api.call("/files/docs/one.md", { method: "DELETE" });
    expect(del.status).toBe(204);
    expect((await api.call("/files/docs/one.md", { method: "DELETE" })).status).toBe(404);
    expect(await (await api.call("/files/?dir=docs")).json()).toEqual({ directories: ["img"], files: ["two.md"], cursor: null });
  });

  it("pages a listing with limit and cursor, every entry once, and answers 400 for a bad limit or cursor", async () => {
    const api = files();
    const names = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? `p/dir${i}/x` : `p/f${String(i).padStart(2, "0")}.txt`));
    for (const name of names) await (await api.put(`/files/${name}`, name)).arrayBuffer();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const res = await api.call(`/files/?dir=p&limit=5${query}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { directories: string[]; files: string[]; cursor: string | null };
      expect(page.directories.length + page.files.length).toBeLessThanOrEqual(5);
      seen.push(...page.directories.map((d) => `${d}/`), ...page.files);
      cursor = page.cursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(names.map((name) => name.slice(2).replace(/\/x$/, "/")).sort());
    for (const [query, code] of [
      ["limit=0", "invalid_limit"],
      ["limit=5000", "invalid_limit"],
      ["limit=ten", "invalid_limit"],
      ["cursor=..%2Fother", "invalid_cursor"],
      [`cursor=${"A".repeat(3000)}`, "invalid_cursor"],
    ]) {
      const res = await api.call(`/files/?dir=p&${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(code);
    }
  });

  it("signs links with the process's random secret (no secret configured, as npm start), refuses tampered ones", async () => {
    // Said once, when the worker loaded (router and objects share one isolate here).
    const said = inject("demoStartupLog").match(/signed with a random secret of this process/g) ?? [];
    expect(said).toHaveLength(1);
    const api = files();
    await (await api.put("/files/s.txt", "signed")).arrayBuffer();
    const minted = await api.call("/files/s.txt?link");
    expect(minted.status).toBe(200);
    const { url } = (await minted.json()) as { url: string };
    expect(url).toMatch(/^\/files\/s\.txt\?expires=[1-9][0-9]*&signature=[A-Za-z0-9_-]{43}$/);
    const ok = await api.call(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("signed");
    const expires = Number(new URL(url, base).searchParams.get("expires"));
    for (const bad of [url.replace(`expires=${expires}`, `expires=${expires + 1}`), url.replace(`expires=`, "expires=0"), `${url}&${url.split("?")[1]}`]) {
      const refused = await api.call(bad);
      expect(refused.status, bad).toBe(403);
      await refused.arrayBuffer();
    }
    // A link for a file that is not there: 404, no link.
    const absent = await api.call("/files/none.txt?link");
    expect(absent.status).toBe(404);
    await absent.arrayBuffer();
    // A signed request with ?link serves the file; it never mints a fresh (later-expiring) link.
    const stretched = await api.call(`${url}&link`);
    expect(await stretched.text()).toBe("signed");
  });
});
