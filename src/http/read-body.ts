import { HttpError } from "../errors/http-error.ts";
import { discardBody, drain } from "./discard-body.ts";
import { readStreamLimited } from "./read-stream.ts";

/**
 * Reads a request body as bytes, counting as it streams, and refuses it with
 * 413 once it passes `maxBytes`, whether or not Content-Length was sent (a
 * declared length over the limit is refused without keeping any of it). The
 * refused rest is read and dropped (bounded, see `discardBody`).
 *
 * @example
 * ```ts
 * const bytes = await readBodyLimited(request, 64 * 1024);
 * ```
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    await discardBody(request.body);
    throw tooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  if (declared !== null && /^[0-9]{1,15}$/.test(declared)) {
    // A declared length within the limit: one arrayBuffer() instead of a
    // read loop (bench "parts": readJson of a small note 56.5 → 14.5 µs).
    // HTTP framing holds the body to that length; a Request built in code
    // with a header that lies is still caught by the check below.
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }
  const reader = request.body.getReader();
  const bytes = await readStreamLimited(reader, maxBytes);
  if (bytes === null) {
    await drain(reader);
    throw tooLarge(maxBytes);
  }
  return bytes;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "payload_too_large", `the request body exceeds ${maxBytes} bytes`);
}
