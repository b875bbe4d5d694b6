import { readStreamLimited } from "../http/read-stream.ts";
import { describeError } from "../log/logger.ts";
import { AccessError, unauthorized } from "./access-error.ts";
import { accessLog } from "./log.ts";

/** How long one key fetch may take before it counts as failed. */
export const KEY_FETCH_TIMEOUT_MS = 5_000;
/** After a failed fetch, requests answer 500 for this long instead of fetching again. */
const FAILURE_BACKOFF_MS = 1_000;
/** A key set response larger than this is refused (Cloudflare's is about 3 KiB). */
const MAX_JWKS_BYTES = 256 * 1024;
/** At most this many keys of one set are imported. */
const MAX_KEYS = 32;
/** Key sets kept per isolate (one per team / certs URL); the oldest is dropped past it. */
const MAX_KEY_STORES = 32;
const POLL_MS = 10;
const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };

interface KeyStoreTimings {
  readonly cacheTimeoutMs: number;
  readonly cooldownMs: number;
}

/**
 * One team's public keys, fetched from its certs URL and kept for
 * `cacheTimeoutMs`. An unknown `kid` triggers a refetch at most once per
 * `cooldownMs`, so tokens with garbage kids cannot cause a fetch storm.
 *
 * At most one fetch is in flight: other requests wait by polling the store
 * (not by awaiting the fetching request's promise, which the Workers runtime
 * does not allow across requests), and a fetch that never settled (its
 * request was cancelled) is given up after the fetch timeout.
 */
export class KeyStore {
  readonly url: string;
  readonly #timings: KeyStoreTimings;
  #keys: ReadonlyMap<string, CryptoKey> | null = null;
  #fetchedAt = -Infinity;
  #attemptAt = -Infinity;
  #failedAt = -Infinity;
  #inflightSince: number | null = null;

  constructor(url: string, timings: KeyStoreTimings) {
    this.url = url;
    this.#timings = timings;
  }

  /**
   * The key with id `kid`. Throws a 401 `AccessError` (`unknown_key`) when
   * the set has no such key, a 500 one (`keys_unavailable`) when the set
   * cannot be fetched.
   */
  async key(kid: string): Promise<CryptoKey> {
    if (!this.#fresh()) await this.#load();
    const known = this.#keys?.get(kid);
    if (known) return known;
    // An unknown kid: maybe the team rotated its keys since we fetched.
    if (this.#inflight()) {
      await this.#waitForInflight();
    } else if (Date.now() - this.#attemptAt >= this.#timings.cooldownMs) {
      try {
        await this.#fetch();
      } catch (error) {
        // The cached keys are still fresh; only the unknown kid is refused.
        if (!(error instanceof AccessError)) throw error;
      }
    }
    const found = this.#keys?.get(kid);
    if (found) return found;
    throw unauthorized("unknown_key");
  }

  #fresh(): boolean {
    return this.#keys !== null && Date.now() - this.#fetchedAt < this.#timings.cacheTimeoutMs;
  }

  #inflight(): boolean {
    return this.#inflightSince !== null && Date.now() - this.#inflightSince < KEY_FETCH_TIMEOUT_MS + 1_000;
  }

  /** Gets a fresh set when there is none: waits for a fetch in flight, or starts one. */
  async #load(): Promise<void> {
    if (this.#inflight()) await this.#waitForInflight();
    if (this.#fresh()) return;
    if (Date.now() - this.#failedAt < FAILURE_BACKOFF_MS) {
      throw new AccessError("keys_unavailable", "keys_unavailable");
    }
    await this.#fetch();
  }

  async #waitForInflight(): Promise<void> {
    while (this.#inflight()) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  async #fetch(): Promise<void> {
    const started = Date.now();
    this.#attemptAt = started;
    this.#inflightSince = started;
    try {
      const keys = await fetchKeys(this.url);
      this.#keys = keys;
      this.#fetchedAt = Date.now();
      accessLog.info("fetched Access keys", { url: this.url, keys: keys.size });
    } catch (error) {
      this.#failedAt = Date.now();
      accessLog.error("could not fetch Access keys", { url: this.url, error: describeError(error) });
      throw new AccessError("keys_unavailable", "keys_unavailable", { cause: error });
    } finally {
      if (this.#inflightSince === started) this.#inflightSince = null;
    }
  }
}

const stores = new Map<string, KeyStore>();

/**
 * The isolate's key store for `url` (module scope, so the router and every
 * object in the isolate share it). Stores are kept most recently used last
 * and the least recently used is dropped past 32.
 */
export function keyStoreFor(url: string, timings: KeyStoreTimings): KeyStore {
  const id = `${timings.cacheTimeoutMs} ${timings.cooldownMs} ${url}`;
  let store = stores.get(id);
  if (store) {
    stores.delete(id);
  } else {
    store = new KeyStore(url, timings);
    if (stores.size >= MAX_KEY_STORES) {
      const oldest = stores.keys().next().value;
      if (oldest !== undefined) stores.delete(oldest);
    }
  }
  stores.set(id, store);
  return store;
}

async function fetchKeys(url: string): Promise<Map<string, CryptoKey>> {
  const response = await fetch(url, {
    method: "GET",
    // A redirect could lead anywhere; the key URL is fixed, so none is followed.
    redirect: "manual",
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(KEY_FETCH_TIMEOUT_MS),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`the key set answered ${response.status}`);
  }
  const body: unknown = JSON.parse(await readLimited(response, MAX_JWKS_BYTES));
  const list = typeof body === "object" && body !== null ? (body as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(list)) throw new Error("the key set has no keys array");
  const keys = new Map<string, CryptoKey>();
  for (const jwk of list.slice(0, MAX_KEYS)) {
    if (!isRsaSigningKey(jwk) || keys.has(jwk.kid)) continue;
    try {
      // Only the public parts are imported: x5c, x5u and the like are ignored.
      // WebCrypto directly rather than jose's importJWK (0.8 KiB of the gzip
      // bundle, for every key type): jose's compactVerify still checks the
      // key's algorithm, hash and modulus length (≥ 2048 bits) on every use.
      const key = await crypto.subtle.importKey("jwk", { kty: "RSA", n: jwk.n, e: jwk.e }, RS256, false, ["verify"]);
      keys.set(jwk.kid, key);
    } catch (error) {
      accessLog.warn("skipped an Access key that does not import", { kid: jwk.kid.slice(0, 64), error: describeError(error) });
    }
  }
  return keys;
}

interface RsaJwk {
  kid: string;
  n: string;
  e: string;
}

function isRsaSigningKey(value: unknown): value is RsaJwk {
  if (typeof value !== "object" || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return (
    jwk.kty === "RSA" &&
    typeof jwk.kid === "string" &&
    jwk.kid.length > 0 &&
    jwk.kid.length <= 256 &&
    typeof jwk.n === "string" &&
    typeof jwk.e === "string" &&
    (jwk.alg === undefined || jwk.alg === "RS256") &&
    (jwk.use === undefined || jwk.use === "sig")
  );
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const bytes = await readStreamLimited(reader, limit);
  if (bytes === null) {
    await reader.cancel();
    throw new Error(`the key set is larger than ${limit} bytes`);
  }
  return new TextDecoder().decode(bytes);
}
