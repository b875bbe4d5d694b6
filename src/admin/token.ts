import { MAX_AUTHORIZATION_LENGTH, MIN_ADMIN_TOKEN_LENGTH } from "./protocol.ts";

/** Why a request was refused; logged, never sent (every refusal reads the same to the client). */
export type TokenRefusal = "not_configured" | "too_short" | "missing" | "malformed" | "wrong";

// RFC 6750 b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

// One random key per isolate: both sides are MACed with it, so the compare
// sees two fixed-length values and the token's length and prefix never show
// in timing, and nothing precomputed about the key can help an attacker.
let macKey: Promise<CryptoKey> | undefined;

/**
 * Checks `Authorization: Bearer <token>` against the configured token in
 * constant time (HMAC-SHA-256 of both, then `crypto.subtle.timingSafeEqual`).
 * Resolves to `null` when it matches, else the reason. No token configured,
 * or one shorter than 16 characters, refuses every request.
 *
 * @example
 * ```ts
 * const refusal = await checkAdminToken(request.headers.get("authorization"), env.ADMIN_TOKEN);
 * if (refusal) return errorResponse(401, "unauthorized", "missing or invalid admin token");
 * ```
 */
export async function checkAdminToken(
  authorization: string | null,
  expected: string | undefined,
): Promise<TokenRefusal | null> {
  if (typeof expected !== "string" || expected === "") return "not_configured";
  if (expected.length < MIN_ADMIN_TOKEN_LENGTH) return "too_short";
  if (authorization === null || authorization === "") return "missing";
  if (authorization.length > MAX_AUTHORIZATION_LENGTH) return "malformed";
  const given = BEARER.exec(authorization)?.[1];
  if (given === undefined) return "malformed";
  macKey ??= crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]) as Promise<CryptoKey>;
  const key = await macKey;
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.sign("HMAC", key, encoder.encode(given)),
    crypto.subtle.sign("HMAC", key, encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b) ? null : "wrong";
}
