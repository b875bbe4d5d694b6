import { HttpError } from "../errors/index.ts";
import { discardBody, drain } from "./discard-body.ts";

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
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await drain(reader);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "payload_too_large", `the request body exceeds ${maxBytes} bytes`);
}
