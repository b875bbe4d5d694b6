// Shared by the workers and e2e projects: plain TypeScript, no runtime imports.

/**
 * `n` deterministic pseudo-random bytes (xorshift), different per seed: not
 * compressible, so a size or a byte-for-byte comparison means something.
 */
export function pseudoRandomBytes(n: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
