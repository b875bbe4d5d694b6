/**
 * Reads a stream to its end into one buffer, counting as it goes. Returns
 * `null` as soon as more than `maxBytes` have arrived, leaving the reader
 * where it stopped: the caller decides whether to drain the rest (a request
 * body, see `drain`) or cancel it (a response it fetched).
 *
 * @example
 * ```ts
 * const reader = response.body.getReader();
 * const bytes = await readStreamLimited(reader, 64 * 1024);
 * if (bytes === null) await reader.cancel();
 * ```
 */
export async function readStreamLimited(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) return null;
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
