import { describe, expect, it } from "vitest";
import { HttpError, readJson } from "../../../src/index.ts";
import { readBodyLimited } from "../../../src/http/read-body.ts";

function jsonRequest(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("https://x/", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

function streamOf(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ === chunks) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("readJson", () => {
  it("parses a JSON object and accepts +json media types with parameters", async () => {
    expect(await readJson(jsonRequest('{"a":1}'))).toEqual({ a: 1 });
    const req = jsonRequest('[true]', { "content-type": "application/vnd.api+json; charset=utf-8" });
    expect(await readJson(req)).toEqual([true]);
  });

  it("refuses other or missing content types with 415", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "", "application/jsonx"]) {
      const error = await rejection(readJson(jsonRequest("{}", { "content-type": type })));
      expect(error.status, type).toBe(415);
      expect(error.code).toBe("unsupported_media_type");
    }
  });

  it("refuses malformed JSON, empty bodies and invalid UTF-8 with 400 invalid_json", async () => {
    for (const body of ["{", "", "undefined", new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const error = await rejection(readJson(jsonRequest(body)));
      expect(error.status).toBe(400);
      expect(error.code).toBe("invalid_json");
    }
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const error = await rejection(readJson(jsonRequest("{}", { "content-length": "999999" }), { maxBytes: 10 }));
    expect(error.status).toBe(413);
  });

  it("counts a streamed body without Content-Length and stops past the limit", async () => {
    const request = new Request("https://x/", {
      method: "POST",
      body: streamOf(100, 1024),
      headers: { "content-type": "application/json" },
    });
    expect(request.headers.get("content-length")).toBeNull();
    const error = await rejection(readJson(request, { maxBytes: 10 * 1024 }));
    expect(error.status).toBe(413);
    expect(error.code).toBe("payload_too_large");
  });

  it("reads a declared-length body in one piece, and refuses one longer than it declared", async () => {
    const exact = jsonRequest('{"a":"' + "x".repeat(100) + '"}', { "content-length": "108" });
    expect(await readJson(exact, { maxBytes: 108 })).toEqual({ a: "x".repeat(100) });
    // A header that lies (only code that builds a Request can write one): the
    // bytes actually read are counted against the limit, never trusted to the header.
    const lying = new Request("https://x/", {
      method: "POST",
      body: streamOf(8, 1024),
      headers: { "content-type": "application/json", "content-length": "5" },
    });
    const error = await rejection(readBodyLimited(lying, 1024));
    expect([error.status, error.code]).toEqual([413, "payload_too_large"]);
  });

  it("reads a body of exactly the limit", async () => {
    const bytes = await readBodyLimited(new Request("https://x/", { method: "POST", body: streamOf(4, 256) }), 1024);
    expect(bytes.byteLength).toBe(1024);
  });
});
