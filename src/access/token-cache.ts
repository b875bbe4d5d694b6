import type { AccessClaims } from "./types.ts";

/** Verified tokens kept per isolate. */
export const TOKEN_CACHE_MAX_ENTRIES = 1000;

interface Entry {
  readonly claims: AccessClaims;
  /** Epoch ms after which the entry is dead: the token's `exp`, or sooner. */
  readonly until: number;
}

/**
 * A bounded map from (config fingerprint, SHA-256 of a token) to the claims
 * that verification returned, so the router and the object (module scope,
 * same isolate) pay for one signature check per token. An entry never
 * outlives the token's `exp`; the least recently used entry goes first
 * when the cache is full. The token itself is never stored.
 */
export class TokenCache {
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();

  constructor(max: number = TOKEN_CACHE_MAX_ENTRIES) {
    this.#max = max;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): AccessClaims | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    this.#entries.delete(key);
    if (Date.now() >= entry.until) return null;
    this.#entries.set(key, entry);
    return entry.claims;
  }

  set(key: string, claims: AccessClaims, until: number): void {
    if (!(until > Date.now())) return;
    this.#entries.delete(key);
    while (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, { claims, until });
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** The isolate's cache, shared by every check in it. */
export const verifiedTokens = new TokenCache();

/** The cache key of `token` under a config: its SHA-256 in hex, never the token. */
export async function tokenCacheKey(fingerprint: string, token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return `${fingerprint}\n${hex}`;
}
