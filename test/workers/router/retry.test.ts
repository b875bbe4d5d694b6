import { describe, expect, it } from "vitest";
import { byHeader, custom } from "../../../src/index.ts";
import { OVERLOADED_RETRY_AFTER_SECONDS } from "../../../src/router/steps/forward.ts";
import type { GetStub } from "../../../src/router/types.ts";
import { captureConsole, json, route, runtimeError } from "./helpers.ts";
import type { Echo } from "./helpers.ts";

const shard = byHeader("X-Tenant", { default: "default" });

/**
 * Opens real stubs, but the first `failures` fetches throw `error` instead:
 * the only stand-in, for runtime errors workerd cannot produce on demand.
 */
function failing(error: Error, failures: number) {
  const counts = { stubs: 0, fetches: 0 };
  const requests: Request[] = [];
  const getStub: GetStub = (namespace, name, options) => {
    counts.stubs++;
    const real = namespace.get(namespace.idFromName(name), options);
    return {
      async fetch(request) {
        counts.fetches++;
        requests.push(request);
        if (counts.fetches <= failures) throw error;
        return real.fetch(request);
      },
    };
  };
  return { getStub, counts, requests };
}

function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const errors = captureConsole("error");
  const warnings = captureConsole("warn");
  return fn().finally(() => {
    errors.restore();
    warnings.restore();
  });
}

describe("retrying a forward", () => {
  it("retries once, with a new stub, a retryable error on a request without a body", async () => {
    const { getStub, counts, requests } = failing(runtimeError("network blip", { retryable: true }), 1);
    const request = new Request("https://x.test/notes?x=1", { headers: { "X-Tenant": "acme", "X-Custom": "v" } });
    const response = await quietly(() => route({ shard, getStub }, request));
    expect(counts).toEqual({ stubs: 2, fetches: 2 });
    expect(response.status).toBe(200);
    const echo = await json<Echo>(response);
    expect(echo).toMatchObject({ name: "acme", method: "GET", url: "https://x.test/notes?x=1", body: null });
    expect(echo.headers["x-custom"]).toBe("v");
    // Both attempts carried the same request id, each in its own Request object.
    expect(requests[0]).not.toBe(requests[1]);
    expect(requests[0]?.headers.get("x-dorm-request-id")).toBe(echo.headers["x-dorm-request-id"]);
  });

  it("retries HEAD and DELETE without a body too", async () => {
    for (const method of ["HEAD", "DELETE"]) {
      const { getStub, counts } = failing(runtimeError("blip", { retryable: true }), 1);
      const response = await quietly(() => route({ shard, getStub }, new Request("https://x.test/", { method })));
      expect(response.status, method).toBe(200);
      expect(counts.fetches, method).toBe(2);
    }
  });

  it("does not retry a second time", async () => {
    const { getStub, counts } = failing(runtimeError("still down", { retryable: true }), 5);
    const response = await quietly(() => route({ shard, getStub }, new Request("https://x.test/")));
    expect(counts).toEqual({ stubs: 2, fetches: 2 });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "internal_error", message: "An internal error occurred.", requestId: expect.any(String) });
  });

  it("does not retry a request with a body, streamed or not", async () => {
    const bodies: BodyInit[] = [
      "plain text",
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("streamed"));
          controller.close();
        },
      }),
    ];
    for (const body of bodies) {
      const { getStub, counts } = failing(runtimeError("blip", { retryable: true }), 1);
      const request = new Request("https://x.test/", { method: "POST", body });
      const response = await quietly(() => route({ shard, getStub }, request));
      expect(counts.fetches).toBe(1);
      expect(response.status).toBe(500);
    }
  });

  it("does not retry an error that is not marked retryable", async () => {
    for (const error of [new Error("boom"), runtimeError("no", { retryable: false })]) {
      const { getStub, counts } = failing(error, 1);
      const response = await quietly(() => route({ shard, getStub }, new Request("https://x.test/")));
      expect(counts.fetches).toBe(1);
      expect(response.status).toBe(500);
    }
  });

  it("answers 503 with Retry-After and no retry when the object is overloaded", async () => {
    // Overloaded errors may also be marked retryable; retrying would add load.
    const { getStub, counts } = failing(runtimeError("overloaded", { overloaded: true, retryable: true }), 1);
    const response = await quietly(() => route({ shard, getStub }, new Request("https://x.test/")));
    expect(counts.fetches).toBe(1);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe(String(OVERLOADED_RETRY_AFTER_SECONDS));
    expect(response.headers.get("retry-after")).toBe("1");
    expect((await json<{ error: string }>(response)).error).toBe("overloaded");
  });

  it("answers 503 when the retry hits an overloaded object", async () => {
    let call = 0;
    const getStub: GetStub = () => ({
      async fetch() {
        call++;
        throw call === 1
          ? runtimeError("blip", { retryable: true })
          : runtimeError("overloaded", { overloaded: true });
      },
    });
    const response = await quietly(() => route({ shard, getStub }, new Request("https://x.test/")));
    expect(call).toBe(2);
    expect(response.status).toBe(503);
  });
});

describe("other errors", () => {
  it("answer a generic 500, without stack or message, logged with the request id", async () => {
    const secret = "db password is hunter2";
    const { getStub } = failing(new TypeError(secret), 1);
    const errors = captureConsole("error");
    let response: Response;
    try {
      response = await route({ shard, getStub }, new Request("https://x.test/notes?token=abc"));
    } finally {
      errors.restore();
    }
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "internal_error", message: "An internal error occurred.", requestId: expect.any(String) });
    expect(text).not.toContain(secret);
    expect(text).not.toContain("at ");
    const requestId = response.headers.get("x-dorm-request-id");
    expect(requestId).toBeTruthy();
    expect(errors.lines).toHaveLength(1);
    const line = JSON.parse(errors.lines[0] ?? "");
    expect(line).toMatchObject({
      level: "error",
      logger: "dorm.router",
      requestId,
      method: "GET",
      path: "/notes",
      shard: "default",
      error: { name: "TypeError", message: secret },
    });
    // The query string (which may hold a token) is not logged.
    expect(errors.lines[0]).not.toContain("token=abc");
  });

  it("are also caught when opening the stub throws", async () => {
    const getStub: GetStub = () => {
      throw new Error("cannot open");
    };
    const response = await quietly(() => route({ shard, getStub }, new Request("https://x.test/")));
    expect(response.status).toBe(500);
  });

  it("from the strategy answer a generic 500 too", async () => {
    const response = await quietly(() =>
      route({ shard: custom(() => { throw new Error("strategy bug"); }) }, new Request("https://x.test/")),
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "internal_error", message: "An internal error occurred.", requestId: expect.any(String) });
  });
});
