import { ConfigError } from "../errors/config-error.ts";

/** Longest lifetime `url()` grants a signed URL: 7 days, as S3 presigned URLs. */
export const MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600;
/**
 * How far past now + `MAX_SIGNED_URL_SECONDS` a checked expiry may lie: the
 * clock of the isolate that signed may run ahead of the one that checks. Any
 * later expiry is refused, so even a leaked secret cannot mint a link that
 * outlives the maximum lifetime by more than this.
 */
export const CLOCK_ALLOWANCE_SECONDS = 300;
/** Lifetime of a signed URL unless `expiresIn` says otherwise: one hour. */
export const DEFAULT_SIGNED_URL_SECONDS = 3600;
/** Shortest secret accepted for signing file URLs. */
export const MIN_SECRET_LENGTH = 32;

/** The query parameters of a signed file URL. */
export const EXPIRES_PARAM = "expires";
export const SIGNATURE_PARAM = "signature";

const encoder = new TextEncoder();
// Imported HMAC keys per secret; a deployment has one or two secrets.
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= 8) keys.clear();
    key = crypto.subtle.importKey("raw", encoder.encode(secret) as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
}

// The signed text names the scheme, the full R2 key (location included, so a
// URL for one tenant's file is worthless for another tenant's) and the expiry.
function message(key: string, expires: number): Uint8Array<ArrayBuffer> {
  return encoder.encode(`dorm-file-v1\n${key}\n${expires}`) as Uint8Array<ArrayBuffer>;
}

/** Unpadded base64url of some bytes. */
export function base64url(bytes: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// 32 bytes are 43 unpadded characters; the last carries 4 bits and 2 unused
// ones, which atob ignores. Only the spelling with those bits zero (what
// base64url() writes) is accepted, so no signature has a second valid form.
const CANONICAL_SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!CANONICAL_SIGNATURE.test(text)) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=");
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * The HMAC-SHA256 signature (base64url) that admits reads of `key` until
 * `expires` (Unix seconds).
 *
 * @example
 * ```ts
 * const sig = await signFileKey(secret, "tenants/acme/report.pdf", 1767225600);
 * ```
 */
export async function signFileKey(secret: string, key: string, expires: number): Promise<string> {
  return base64url(await crypto.subtle.sign("HMAC", await hmacKey(secret), message(key, expires)));
}

/** Checks a signature in constant time (WebCrypto's verify); false for any malformed input. */
export async function verifyFileKey(secret: string, key: string, expires: number, signature: string): Promise<boolean> {
  const bytes = fromBase64url(signature);
  if (!bytes) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret), bytes, message(key, expires));
}

/** Validates a signing secret where the configuration is created. */
export function checkSecret(secret: unknown, option: string): string {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(option, `must be a string of at least ${MIN_SECRET_LENGTH} characters`);
  }
  return secret;
}

/** Validates a lifetime in seconds for a signed URL. */
export function checkExpiresIn(seconds: unknown, option: string): number {
  if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SIGNED_URL_SECONDS) {
    throw new ConfigError(option, `must be a whole number of seconds from 1 to ${MAX_SIGNED_URL_SECONDS}`);
  }
  return seconds;
}
