import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { R2Storage, serveFile } from "../../../src/files/index.ts";
import { attachmentDisposition, isInlineType } from "../../../src/files/disposition.ts";
import { FILE_CSP } from "../../../src/files/file-headers.ts";
import { bytes, freshLocation, tenant } from "./helpers.ts";

const CSP = "default-src 'none'; sandbox";
const encode = (text: string) => new TextEncoder().encode(text);

// An XHTML document whose script would run on the app's origin if a browser
// rendered it as a document there.
const XHTML = encode(
  '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>document.title="ran"</script></body></html>',
);

/** Uploads `body` as `contentType` to a fresh tenant and GETs it back. */
async function served(path: string, contentType: string, body: Uint8Array = XHTML) {
  const t = tenant();
  const put = await t.put(`/files/${path}`, body, { "content-type": contentType });
  expect(put.status).toBe(201);
  await put.arrayBuffer();
  const res = await t.call(`/files/${path}`);
  await res.arrayBuffer();
  return { t, res };
}

describe("every file response is sandboxed and unsniffable", () => {
  it("uses exactly default-src 'none'; sandbox", () => {
    expect(FILE_CSP).toBe(CSP);
  });

  it.each([
    ["x.xsl", "text/xsl"],
    ["x.rss", "application/rss+xml"],
    ["x.atom", "application/atom+xml"],
    ["x.xhtml", "application/xhtml+xml"],
    ["x.html", "text/html; charset=utf-8"],
    ["x.svg", "image/svg+xml"],
    ["x.xml", "application/xml"],
    ["x.js", "text/javascript"],
    ["x.pdf", "application/pdf"],
    ["x.thing", "application/x-unknown"],
    ["x.Png", "IMAGE/SVG+XML; a=b"],
  ])("serves %s uploaded as %s with the CSP, nosniff and as an attachment", async (path, type) => {
    const { res } = await served(path, type);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("content-security-policy")).toBe(CSP);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${path}"; filename*=UTF-8''${path}`);
  });

  it.each([
    ["p.png", "image/png"],
    ["p.jpg", "image/jpeg"],
    ["p.webp", "image/webp"],
    ["a.mp3", "audio/mpeg"],
    ["v.mp4", "video/mp4"],
    ["t.txt", "text/plain; charset=utf-8"],
    ["d.json", "application/json"],
  ])("serves %s (%s) inline, still with the CSP and nosniff", async (path, type) => {
    const { res } = await served(path, type, bytes(64));
    expect(res.headers.get("content-security-policy")).toBe(CSP);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBeNull();
  });

  it("serves guessed types by the same rule (no type given: the extension decides)", async () => {
    const t = tenant();
    for (const path of ["g.html", "g.svg", "g.png"]) {
      const put = await t.put(`/files/${path}`, bytes(16));
      await put.arrayBuffer();
    }
    const html = await t.call("/files/g.html");
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html.headers.get("content-disposition")).toMatch(/^attachment;/);
    await html.arrayBuffer();
    const svg = await t.call("/files/g.svg", { method: "HEAD" });
    expect(svg.headers.get("content-disposition")).toMatch(/^attachment;/);
    const png = await t.call("/files/g.png");
    expect(png.headers.get("content-disposition")).toBeNull();
    expect(png.headers.get("content-security-policy")).toBe(CSP);
    await png.arrayBuffer();
  });

  it("adds the CSP, nosniff and attachment to HEAD, 206 and 304 answers too", async () => {
    const { t, res } = await served("h.xsl", "text/xsl");
    const etag = res.headers.get("etag")!;
    const answers = [
      await t.call("/files/h.xsl", { method: "HEAD" }),
      await t.call("/files/h.xsl", { headers: { range: "bytes=0-9" } }),
      await t.call("/files/h.xsl", { headers: { "if-none-match": etag } }),
      await t.call("/files/h.xsl", { method: "HEAD", headers: { "if-none-match": etag } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 206, 304, 304]);
    for (const answer of answers) {
      expect(answer.headers.get("content-security-policy"), String(answer.status)).toBe(CSP);
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("content-disposition")).toMatch(/^attachment; filename="h\.xsl"/);
      await answer.arrayBuffer();
    }
  });

  it("overrides an inline disposition stored with an active file, keeps the one of a passive file", async () => {
    const files = new R2Storage({ binding: env.BUCKET, location: freshLocation("disp") });
    await files.save("evil.html", XHTML, { contentType: "text/html", contentDisposition: "inline" });
    await files.save("pic.png", bytes(8), { contentType: "image/png", contentDisposition: 'attachment; filename="pic.png"' });
    const evil = await serveFile(new Request("https://x.example/files/evil.html"), files, "evil.html");
    expect(evil.headers.get("content-disposition")).toBe(`attachment; filename="evil.html"; filename*=UTF-8''evil.html`);
    await evil.arrayBuffer();
    const pic = await serveFile(new Request("https://x.example/files/pic.png"), files, "pic.png");
    expect(pic.headers.get("content-disposition")).toBe('attachment; filename="pic.png"');
    await pic.arrayBuffer();
  });
});

describe("attachmentDisposition", () => {
  it.each([
    ["a.html", `attachment; filename="a.html"; filename*=UTF-8''a.html`],
    ["dir/sub/a b.html", `attachment; filename="a b.html"; filename*=UTF-8''a%20b.html`],
    ["été.xml", `attachment; filename="_t_.xml"; filename*=UTF-8''%C3%A9t%C3%A9.xml`],
    ['q"uote\\d.svg', `attachment; filename="q_uote_d.svg"; filename*=UTF-8''q%22uote%5Cd.svg`],
    ["100%.html", `attachment; filename="100_.html"; filename*=UTF-8''100%25.html`],
    ["it's (1)*.js", `attachment; filename="it's (1)*.js"; filename*=UTF-8''it%27s%20%281%29%2A.js`],
    ["x;y=z,w.xml", `attachment; filename="x;y=z,w.xml"; filename*=UTF-8''x%3By%3Dz%2Cw.xml`],
    ["😀.svg", `attachment; filename="__.svg"; filename*=UTF-8''%F0%9F%98%80.svg`],
  ])("%j → %s", (name, expected) => {
    expect(attachmentDisposition(name)).toBe(expected);
  });

  it("keeps filename a quoted string of printable ASCII and filename* within RFC 8187's attr-chars", () => {
    for (const name of ["a\u202eb", "\u00a0x", "tab\tx", 'x";evil=1', "über/straße"]) {
      const value = attachmentDisposition(name);
      const match = /^attachment; filename="([^"\\]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]*)$/.exec(value);
      expect(match, value).not.toBeNull();
      expect(match![1]).toMatch(/^[\x20-\x7e]*$/);
      expect(decodeURIComponent(match![2]!)).toBe(name.slice(name.lastIndexOf("/") + 1));
    }
  });
});

describe("isInlineType", () => {
  it.each(["image/png", "IMAGE/PNG", "image/jpeg; q=1", " text/plain ; charset=utf-8", "application/json", "video/webm", "audio/ogg"])(
    "%j is inline",
    (type) => expect(isInlineType(type)).toBe(true),
  );

  it.each([
    "image/svg+xml",
    "text/html",
    "text/xsl",
    "application/xhtml+xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/pdf",
    "text/javascript",
    "image/png+xml",
    "image/pngx",
    "ximage/png",
    "text/plain, text/html",
    "",
    "garbage",
  ])("%j is a download", (type) => expect(isInlineType(type)).toBe(false));
});
