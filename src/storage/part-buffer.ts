/**
 * Chunks of a streamed body waiting to become one multipart part. `take(n)`
 * copies exactly `n` bytes out (R2 wants every part but the last the same
 * size) and keeps the rest.
 */
export class PartBuffer {
  #chunks: Uint8Array[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.#chunks.push(chunk);
    this.#size += chunk.byteLength;
  }

  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.#chunks[0];
      if (!chunk) break;
      const wanted = n - filled;
      if (chunk.byteLength <= wanted) {
        out.set(chunk, filled);
        filled += chunk.byteLength;
        this.#chunks.shift();
      } else {
        out.set(chunk.subarray(0, wanted), filled);
        this.#chunks[0] = chunk.subarray(wanted);
        filled += wanted;
      }
    }
    this.#size -= filled;
    return filled === n ? out : out.subarray(0, filled);
  }
}
