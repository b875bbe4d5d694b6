import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { uniqueTenant } from "./support/client.ts";

// Debian's chromium package (.ci/run installs it); playwright-core drives it
// and downloads no browser of its own.
const CHROMIUM = "/usr/bin/chromium";
const base = inject("demoUrl");
const tenant = uniqueTenant("xss");

/**
 * A document whose script, if it ran on the app's origin, would set the
 * page's title and store a marker file through a same-origin request (a
 * synchronous one: it is done before the page's load event, so a missing
 * marker after the navigation means the script did not run).
 */
function hostile(marker: string, root: "xhtml" | "svg" | "html"): string {
  const script = [
    'document.title = "ran";',
    "var request = new XMLHttpRequest();",
    `request.open("PUT", "/files/markers/${marker}.txt", false);`,
    `request.setRequestHeader("x-tenant", "${tenant}");`,
    'request.send("ran");',
  ].join(" ");
  if (root === "svg") return `<svg xmlns="http://www.w3.org/2000/svg"><script>${script}</script></svg>`;
  if (root === "html") return `<!doctype html><title>inert</title><script>${script}</script>`;
  return `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>inert</title></head><body><script>${script}</script></body></html>`;
}

function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("x-tenant", tenant);
  return fetch(base + path, { ...init, headers });
}

async function markerStored(marker: string): Promise<boolean> {
  const res = await call(`/files/markers/${marker}.txt`);
  await res.arrayBuffer();
  return res.status === 200;
}

/** Opens `url` as a top-level navigation in a fresh tab: what the tab shows, and every request it made. */
async function visit(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  // A download ends the navigation with an error: that is one safe outcome.
  const outcome = await page.goto(url).then(
    (response) => `rendered ${response?.status()}`,
    (error: Error) => (/Download is starting/.test(error.message) ? "downloaded" : `failed: ${error.message}`),
  );
  const title = await page.title();
  await page.close();
  return { outcome, title, requests };
}

describe("hostile uploads opened in a real browser (Chromium)", () => {
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`).toBe(true);
    browser = await chromium.launch({ executablePath: CHROMIUM });
    context = await browser.newContext({ extraHTTPHeaders: { "x-tenant": tenant } });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("detects a script that runs on the app's origin (positive control: the same document, unprotected)", async () => {
    // Answered by the browser itself for a URL on the app's origin, without
    // the file proxy's headers: the script runs there, and the harness sees it.
    const url = `${base}/files/control.xhtml`;
    await context.route(url, (route) =>
      route.fulfill({ status: 200, contentType: "application/xhtml+xml", body: hostile("control", "xhtml") }),
    );
    const seen = await visit(context, url);
    await context.unroute(url);
    expect(seen.title).toBe("ran");
    expect(seen.requests).toContain(`${base}/files/markers/control.txt`);
    expect(await markerStored("control")).toBe(true);
  });

  it.each([
    ["xsl.xsl", "text/xsl", "xhtml"],
    ["page.xhtml", "application/xhtml+xml", "xhtml"],
    ["feed.rss", "application/rss+xml", "xhtml"],
    ["feed.atom", "application/atom+xml", "xhtml"],
    ["page.html", "text/html", "html"],
    ["image.svg", "image/svg+xml", "svg"],
  ] as const)("an upload %s served as %s runs no script on the app's origin", async (path, type, root) => {
    const marker = path.replace(".", "-");
    const put = await call(`/files/${path}`, { method: "PUT", body: hostile(marker, root), headers: { "content-type": type } });
    expect(put.status).toBe(201);
    expect(await put.json()).toEqual({ name: path });

    const seen = await visit(context, `${base}/files/${path}`);
    expect(seen.outcome).toBe("downloaded");
    expect(seen.title, seen.outcome).not.toBe("ran");
    expect(seen.requests.filter((url) => url.includes("/markers/")), seen.outcome).toEqual([]);
    expect(await markerStored(marker), seen.outcome).toBe(false);
  });

  it("keeps a document inert when it renders with the proxy's headers but no attachment (the CSP alone)", async () => {
    const put = await call("/files/csp-only.xsl", { method: "PUT", body: hostile("csp-only", "xhtml"), headers: { "content-type": "text/xsl" } });
    expect(put.status).toBe(201);
    const served = await call("/files/csp-only.xsl", { headers: { "accept-encoding": "identity" } });
    const headers = Object.fromEntries(served.headers);
    const body = await served.text();
    expect(headers["content-security-policy"]).toBe("default-src 'none'; sandbox");
    delete headers["content-disposition"];
    // The same bytes and headers, answered by the browser itself, so it renders them.
    const url = `${base}/files/csp-only-inline.xsl`;
    await context.route(url, (route) => route.fulfill({ status: 200, headers, body }));
    const seen = await visit(context, url);
    await context.unroute(url);
    expect(seen.outcome).toBe("rendered 200");
    expect(seen.title).not.toBe("ran");
    expect(seen.requests.filter((request) => request.includes("/markers/"))).toEqual([]);
    expect(await markerStored("csp-only")).toBe(false);
  });
});
