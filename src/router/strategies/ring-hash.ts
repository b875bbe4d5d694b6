/**
 * The ring's hash, fixed forever because changing it would move every key to
 * another object: the first 4 bytes of SHA-256 over the key's UTF-8 bytes, read
 * big-endian, modulo the ring size. SHA-256 rather than FNV-1a because FNV's low
 * bits depend only on the inputs' low bits (keys of only even characters would
 * all land on even shards of a 2ⁿ ring), and because any tool can reproduce it:
 * `printf %s "$key" | sha256sum | cut -c1-8` → hex → mod N. The modulo bias
 * is at most N / 2³² (≤ 2.4e-7 at the 1024-shard limit).
 *
 * @example
 * ```ts
 * await ringIndex("tenant-42", 16); // a number in 0..15, the same on every call
 * ```
 */
export async function ringIndex(key: string, size: number): Promise<number> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return new DataView(digest).getUint32(0, false) % size;
}
