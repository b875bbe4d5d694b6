// Uploads over real HTTP under wrangler dev. A chunked body cut off by its
// client may end cleanly at the app, depending on the front end (an attack run
// saw it under wrangler dev; wrangler 4.164 here reports "Network connection
// lost" instead, and the workers suite reproduces the clean end in
// integrity.test.ts): with a digest, either way nothing is stored. A refused
// body cancelled while the client still sends resets the connection.
import { createHash } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunked, contentDigestOf } from "./support/bodies.ts";
import { uniqueTenant } from "./support/client.ts";
import { removeDir, startDev } from "./support/wrangler-dev.ts";
import type { DevServer } from "./support/wrangler-dev.ts";
import { pseudoRandomBytes } from "../shared/pseudo-random-bytes.ts";

const LIMIT = 1024 * 1024;
let dev: DevServer | undefined;

beforeAll(async () => {
  dev = await startDev({ vars: { MAX_UPLOAD_BYTES: String(LIMIT) } });
}, 120_000);

afterAll(async () => {
  await dev?.stop();
  if (dev) removeDir(dev.persistDir);
});

function call(tenant: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("x-tenant", tenant);
  headers.set("accept-encoding", "identity");
  return fetch(dev!.url + path, { ...init, headers, ...(init.body instanceof ReadableStream && { duplex: "half" }) } as RequestInit);
}

/**
 * A raw HTTP/1.1 client that sends the headers and the first `sent` bytes of
 * a chunked body, then closes the connection without the final chunk.
 */
function cutOffUpload(path: string, headers: Record<string, string>, body: Uint8Array, sent: number): Promise<void> {
  const { hostname, port } = new URL(dev!.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const head = Object.entries({ host: `${hostname}:${port}`, "transfer-encoding": "chunked", ...headers })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join("");
      socket.write(`PUT ${path} HTTP/1.1\r\n${head}\r\n`);
      for (let offset = 0; offset < sent; offset += 16 * 1024) {
        const piece = body.subarray(offset, Math.min(offset + 16 * 1024, sent));
        socket.write(`${piece.byteLength.toString(16)}\r\n`);
        socket.write(piece);
        socket.write("\r\n");
      }
      // Let the bytes reach the server, then go away mid-body.
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 300);
    });
    socket.on("error", reject);
  });
}

describe("uploads under wrangler dev", () => {
  it("never stores a chunked upload cut off by its client when it carries a digest, and leaves no claim", async () => {
    const tenant = uniqueTenant("cut");
    const body = pseudoRandomBytes(600 * 1024, 5);
    await cutOffUpload("/files/cut.bin", { "x-tenant": tenant, "content-digest": contentDigestOf(body) }, body, 200 * 1024);
    // The server sees a clean end of a shorter body: give it time to finish that request.
    for (let i = 0; i < 20; i++) {
      const listing = (await (await call(tenant, "/files/")).json()) as { files: string[] };
      expect(listing.files).toEqual([]);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await call(tenant, "/files/cut.bin")).status).toBe(404);
    // No claim left behind: the next upload of the name gets the name itself, not cut_1.bin.
    const retry = await call(tenant, "/files/cut.bin", { method: "PUT", body: chunked(body), headers: { "content-digest": contentDigestOf(body) } });
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual({ name: "cut.bin" });
    const stored = new Uint8Array(await (await call(tenant, "/files/cut.bin")).arrayBuffer());
    expect(createHash("sha256").update(stored).digest("hex")).toBe(createHash("sha256").update(body).digest("hex"));
  });

  it("answers 411 to a chunked upload with no digest, and 400 digest_mismatch to a wrong one", async () => {
    const tenant = uniqueTenant("digest");
    const body = pseudoRandomBytes(300 * 1024, 6);
    const bare = await call(tenant, "/files/a.bin", { method: "PUT", body: chunked(body) });
    expect(bare.status).toBe(411);
    expect(((await bare.json()) as { error: string }).error).toBe("length_required");
    const wrong = await call(tenant, "/files/a.bin", { method: "PUT", body: chunked(body), headers: { "content-digest": contentDigestOf(body.subarray(1)) } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe("digest_mismatch");
    expect(await (await call(tenant, "/files/")).json()).toEqual({ directories: [], files: [], cursor: null });
  });

  it("answers 413 every time to bodies far past the limit and the 8 MiB discard bound, then keeps serving", async () => {
    const tenant = uniqueTenant("big");
    const body = pseudoRandomBytes(24 * 1024 * 1024, 8);
    const answers: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const mode of ["length", "chunked"] as const) {
        try {
          const res = await call(tenant, `/files/big-${round}.bin`, {
            method: "PUT",
            body: mode === "length" ? body : chunked(body),
            headers: mode === "chunked" ? { "content-digest": contentDigestOf(body) } : {},
          });
          answers.push(`${mode} ${res.status} ${((await res.json()) as { error: string }).error}`);
        } catch (error) {
          answers.push(`${mode} ${String((error as Error).cause ?? error)}`);
        }
        const health = await fetch(`${dev!.url}/health`);
        expect(health.status).toBe(200);
        await health.arrayBuffer();
      }
    }
    expect(answers).toEqual(Array.from({ length: 6 }, (_, i) => `${i % 2 ? "chunked" : "length"} 413 payload_too_large`));
    expect(await (await call(tenant, "/files/")).json()).toEqual({ directories: [], files: [], cursor: null });
  }, 120_000);
});
