import { createHash } from "node:crypto";

/** A chunked body: no Content-Length reaches the server, so the upload goes multipart. */
export function chunked(data: Uint8Array, chunk = 256 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= data.byteLength) return controller.close();
      controller.enqueue(data.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

/** The `Content-Digest` field (RFC 9530) declaring the SHA-256 of `data`. */
export function contentDigestOf(data: Uint8Array): string {
  return `sha-256=:${createHash("sha256").update(data).digest("base64")}:`;
}
