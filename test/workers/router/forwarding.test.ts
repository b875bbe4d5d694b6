import { env } from "cloudflare:workers";
import { listDurableObjectIds } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { byHeader, byPathSegment, createWorker, singleton } from "../../../src/index.ts";
import type { RouterWorker } from "../../../src/index.ts";
import { captureConsole, json, route } from "./helpers.ts";
import type { Echo } from "./helpers.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const shard = byHeader("X-Tenant", { default: "default" });

describe("forwarding", () => {
  it("is usable as the worker's default export", () => {
    const worker: ExportedHandler<Cloudflare.Env> = createWorker<Cloudflare.Env>({ binding: "ECHO", shard });
    const typed: RouterWorker<Cloudflare.Env> = createWorker({ binding: "ECHO", shard });
    expect(typeof worker.fetch).toBe("function");
    expect(typeof typed.fetch).toBe("function");
  });

  it("the object sees ctx.id.name equal to the shard", async () => {
    for (const tenant of ["acme", "0", "a-b-c", "z".repeat(63)]) {
      const request = new Request("https://x.test/", { headers: { "X-Tenant": tenant } });
      const echo = await json<Echo>(await route({ shard }, request));
      expect(echo.name).toBe(tenant);
    }
  });

  it("strips every client x-dorm-* header, any case, and sets a fresh request id", async () => {
    const request = new Request("https://x.test/", {
      headers: {
        "X-Dorm-Foo": "forged",
        "x-dorm-request-id": "client-chosen",
        "X-DORM-USER": "admin@example.com",
        "x-dorm-": "empty suffix",
        "X-Dormant": "kept: not the reserved prefix",
        "X-Custom": "kept",
      },
    });
    const response = await route({ shard }, request);
    const echo = await json<Echo>(response);
    const reserved = Object.keys(echo.headers).filter((name) => name.startsWith("x-dorm-"));
    expect(reserved).toEqual(["x-dorm-request-id"]);
    expect(echo.headers["x-dorm-request-id"]).toMatch(UUID);
    expect(echo.headers["x-dormant"]).toBe("kept: not the reserved prefix");
    expect(echo.headers["x-custom"]).toBe("kept");
  });

  it("behind the edge (a well-formed cf-ray) forwards the client's request itself, with the ray as the id", async () => {
    const ray = "8c5f2c4d8b3a1e2f-LHR";
    const echo = await json<Echo>(await route({ shard }, new Request("https://x.test/", { headers: { "cf-ray": ray, "X-Custom": "kept" } })));
    expect(Object.keys(echo.headers).filter((name) => name.startsWith("x-dorm-"))).toEqual([]);
    expect(echo.headers["cf-ray"]).toBe(ray);
    expect(echo.headers["x-custom"]).toBe("kept");
    // The router's own answers carry the same id.
    const refused = await route({ shard }, new Request("https://x.test/", { headers: { "cf-ray": ray, "X-Tenant": "Bad Name" } }));
    expect(refused.status).toBe(400);
    expect(refused.headers.get("x-dorm-request-id")).toBe(ray);
  });

  it("behind the edge still strips client x-dorm-* headers, and sets the ray as the id", async () => {
    const ray = "8c5f2c4d8b3a1e2f-AMS";
    const request = new Request("https://x.test/", { headers: { "cf-ray": ray, "x-dorm-request-id": "0f8fad5b-d9cb-469f-a165-70867728950e", "X-Dorm-User": "x" } });
    const echo = await json<Echo>(await route({ shard }, request));
    expect(Object.keys(echo.headers).filter((name) => name.startsWith("x-dorm-"))).toEqual(["x-dorm-request-id"]);
    expect(echo.headers["x-dorm-request-id"]).toBe(ray);
  });

  it("ignores a malformed cf-ray: a fresh id, set on a copy", async () => {
    for (const ray of ["not-a-ray", "8C5F2C4D8B3A1E2F-LHR", "8c5f2c4d8b3a1e2f-LHR, 8c5f2c4d8b3a1e2f-AMS", "8".repeat(300), "<b>"]) {
      const echo = await json<Echo>(await route({ shard }, new Request("https://x.test/", { headers: { "cf-ray": ray } })));
      expect([ray, echo.headers["x-dorm-request-id"]]).toEqual([ray, expect.stringMatching(UUID)]);
    }
  });

  it("gives each request its own id", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const echo = await json<Echo>(await route({ shard }, new Request("https://x.test/")));
      ids.add(echo.headers["x-dorm-request-id"] ?? "");
    }
    expect(ids.size).toBe(5);
  });

  it.each([
    ["a copy (no cf-ray)", {}],
    ["the client's request (cf-ray)", { "cf-ray": "8c5f2c4d8b3a1e2f-LHR" }],
  ])("forwards method, URL, headers and body unchanged, as %s", async (_label, edge) => {
    const request = new Request("https://x.test/notes/7?sort=desc&q=a%20b#frag", {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-Tenant": "acme", Authorization: "Bearer t", Cookie: "a=1", ...edge },
      body: JSON.stringify({ title: "hello" }),
    });
    const echo = await json<Echo>(await route({ shard }, request));
    expect(echo.method).toBe("PUT");
    expect(echo.url).toBe("https://x.test/notes/7?sort=desc&q=a%20b");
    expect(echo.body).toBe('{"title":"hello"}');
    expect(echo.headers).toMatchObject({
      "content-type": "application/json",
      "x-tenant": "acme",
      authorization: "Bearer t",
      cookie: "a=1",
    });
  });

  it("forwards a streamed POST body chunk by chunk", async () => {
    const chunks = ["first ", "second ", "x".repeat(100_000), " last"];
    const encoder = new TextEncoder();
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = chunks[pulled++];
        if (chunk === undefined) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, 1));
        controller.enqueue(encoder.encode(chunk));
      },
    });
    const request = new Request("https://x.test/upload", { method: "POST", body });
    const echo = await json<Echo>(await route({ shard }, request));
    expect(echo.method).toBe("POST");
    expect(echo.body).toBe(chunks.join(""));
    expect(pulled).toBe(chunks.length + 1);
  });

  it("forwards other methods and an object's non-200 answers as they are", async () => {
    for (const method of ["GET", "DELETE", "PATCH", "OPTIONS"]) {
      const echo = await json<Echo>(await route({ shard }, new Request("https://x.test/", { method })));
      expect(echo.method).toBe(method);
    }
    const head = await route({ shard }, new Request("https://x.test/", { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("answers 500 with a generic body and logs the ConfigError when the binding is missing", async () => {
    const logged = captureConsole("error");
    try {
      const response = await route({ binding: "NOPE", shard: singleton() }, new Request("https://x.test/"));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: "internal_error", message: "An internal error occurred.", requestId: expect.any(String) });
      const line = JSON.parse(logged.lines.at(-1) ?? "{}");
      expect(line.logger).toBe("dorm.router");
      expect(line.requestId).toBe(response.headers.get("x-dorm-request-id"));
      expect(line.error.name).toBe("ConfigError");
      expect(line.error.message).toContain("binding: env.NOPE is not a Durable Object namespace");
    } finally {
      logged.restore();
    }
  });

  it("treats a non-namespace binding as missing", async () => {
    const logged = captureConsole("error");
    try {
      const response = await route({ binding: "DB", shard: singleton() }, new Request("https://x.test/"));
      expect(response.status).toBe(500);
      expect(logged.lines.join("\n")).toContain("env.DB is not a Durable Object namespace");
    } finally {
      logged.restore();
    }
  });
});

describe("invalid shard names", () => {
  const hostile: Array<[string, string]> = [
    ["upper case", "Acme"],
    ["dot dot", ".."],
    ["path", "../etc/passwd"],
    ["leading dash", "-acme"],
    ["underscore", "a_b"],
    ["space", "a b"],
    ["too long (64)", "a".repeat(64)],
    ["latin-1", "caf\u00e9"],
    ["html", "<script>alert(1)</script>"],
    ["quotes", '"},{"error":"ok'],
  ];

  for (const [label, value] of hostile) {
    it(`answers 400 invalid_shard for ${label}`, async () => {
      const request = new Request("https://x.test/", { headers: { "X-Tenant": value } });
      const response = await route({ shard }, request);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.headers.get("x-dorm-request-id")).toMatch(UUID);
      const body = await json<{ error: string; message: string }>(response);
      expect(body.error).toBe("invalid_shard");
      // Echoed, if at all, as a quoted safe form: no markup, no non-ASCII, no inner quotes.
      expect(body.message).not.toMatch(/[<>\\\u0080-\uffff]/);
      expect(body.message.split('"').length).toBeLessThanOrEqual(3);
    });
  }

  it("never echoes an oversized value whole, nor control characters", async () => {
    const huge = "A".repeat(10_000);
    const response = await route({ shard }, new Request("https://x.test/", { headers: { "X-Tenant": huge } }));
    expect(response.status).toBe(400);
    const { message } = await json<{ message: string }>(response);
    expect(message.length).toBeLessThan(200);
    expect(message).toContain("10000 characters");
    expect(message).not.toContain(huge.slice(0, 100));

    // Control characters can only arrive percent-encoded in a path.
    const injected = await route(
      { shard: byPathSegment(0) },
      new Request("https://x.test/a%0d%0a%7B%22level%22%3A%22info%22%7D%1b[31m/x"),
    );
    expect(injected.status).toBe(400);
    const text = await injected.text();
    expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
    // The echoed name, before the rule (the configured pattern, which may hold braces).
    const echoed = String(JSON.parse(text).message).split(": a shard name matches ")[0];
    expect(echoed).toMatch(/^invalid shard name "/);
    expect(echoed).not.toMatch(/[\r\n\u001b{}]/);
  });

  it("creates no object for a refused request", async () => {
    const bad = "Refused-Tenant";
    const before = await listDurableObjectIds(env.ECHO);
    const response = await route({ shard }, new Request("https://x.test/", { headers: { "X-Tenant": bad } }));
    expect(response.status).toBe(400);
    const after = await listDurableObjectIds(env.ECHO);
    const refusedId = env.ECHO.idFromName(bad);
    expect(after.some((id) => id.equals(refusedId))).toBe(false);
    expect(after.length).toBe(before.length);

    // The same check sees an object that a valid request did create.
    await route({ shard }, new Request("https://x.test/", { headers: { "X-Tenant": "accepted-tenant" } }));
    const created = env.ECHO.idFromName("accepted-tenant");
    expect((await listDurableObjectIds(env.ECHO)).some((id) => id.equals(created))).toBe(true);
  });

  it("honours a configured pattern, still capped in length", async () => {
    const upper = /^[A-Za-z0-9]{1,300}$/;
    const ok = await route({ shard, shardPattern: upper }, new Request("https://x.test/", { headers: { "X-Tenant": "Acme" } }));
    expect((await json<Echo>(ok)).name).toBe("Acme");
    const long = "A".repeat(254);
    const refused = await route({ shard, shardPattern: upper }, new Request("https://x.test/", { headers: { "X-Tenant": long } }));
    expect(refused.status).toBe(400);
  });
});
