import { compactVerify } from "jose";
import { AccessError, unauthorized } from "./access-error.ts";
import type { AccessFailureReason } from "./access-error.ts";
import { teamCertsUrl, teamFromIssuer, teamIssuer } from "./issuer.ts";
import { keyStoreFor } from "./key-store.ts";
import { tokenCacheKey, verifiedTokens } from "./token-cache.ts";
import type { AccessClaims, AccessConfig } from "./types.ts";

// Three base64url parts, the last non-empty: "alg: none" tokens (empty
// signature) and JSON serialisations never get as far as a parser.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies a Cloudflare Access token and returns its claims, or throws an
 * `AccessError` (401; 500 when the keys cannot be fetched).
 *
 * In order: the size, the shape, `alg` (RS256 only), then the unverified
 * issuer and audience, so that no key is fetched for a token from a foreign
 * issuer; with only an AUD configured the issuer must be exactly
 * `https://<label>.cloudflareaccess.com`, and the key URL is built from the
 * label, never from the token's text. Only then the signature (jose's
 * `compactVerify`, with a key from the team's key set, whatever `jku`, `x5u`
 * or `jwk` the header names), then the verified claims: `iss`, `aud`, `exp`
 * (required) and `nbf`, with the configured clock tolerance.
 * A verified token is remembered (see `tokenCache`) until its `exp`.
 *
 * @example
 * ```ts
 * const claims = await verifyAccessToken(token, defineAccess({ teamName: "acme", aud: AUD }));
 * claims.email; // "ada@example.com"
 * ```
 */
export async function verifyAccessToken(token: string, config: AccessConfig): Promise<AccessClaims> {
  if (token.length > config.maxTokenBytes) throw unauthorized("token_too_large");
  if (!config.tokenCache) return verifyUncached(token, config);
  const key = await tokenCacheKey(config.fingerprint, token);
  const cached = verifiedTokens.get(key);
  if (cached) return cached;
  const claims = await verifyUncached(token, config);
  // Never past exp, and never longer than the keys it was checked with stay cached.
  verifiedTokens.set(key, claims, Math.min(claims.exp * 1000, Date.now() + config.cacheTimeoutMs));
  return claims;
}

async function verifyUncached(token: string, config: AccessConfig): Promise<AccessClaims> {
  if (!COMPACT_JWS.test(token)) throw unauthorized("malformed_token");
  const { kid, unverified } = precheck(token);
  let team: string;
  if (config.issuer !== null && config.teamName !== null) {
    if (unverified.iss !== config.issuer) throw unauthorized("issuer_not_allowed");
    team = config.teamName;
  } else {
    const fromToken = teamFromIssuer(unverified.iss);
    if (fromToken === null) throw unauthorized("issuer_not_allowed");
    team = fromToken;
  }
  if (config.audiences !== null && !namesAudience(unverified.aud, config.audiences)) {
    throw unauthorized("audience_not_allowed");
  }
  const store = keyStoreFor(config.certsUrl ?? teamCertsUrl(team), config);
  let verified: Uint8Array;
  try {
    verified = (await compactVerify(token, () => store.key(kid), { algorithms: ["RS256"] })).payload;
  } catch (error) {
    if (error instanceof AccessError) throw error;
    throw unauthorized(reasonOf(error), error);
  }
  // The claims are read again from the verified bytes, never reused from the precheck.
  const payload = decodeJson(verified);
  checkClaims(payload, teamIssuer(team), config);
  // Frozen all the way down: cached claims are shared by every request that
  // presents the token, so one handler must not be able to edit them for the next.
  return deepFreeze(payload) as AccessClaims;
}

/**
 * The JWT claim rules jose's `jwtVerify` applies, for the claims Access sets
 * (written here because `jwtVerify` costs 2.7 KiB of the gzip bundle over
 * `compactVerify`): `iss` exact, `aud` one of ours, `exp` a required number
 * not past, `nbf` and `iat` numbers when present, `nbf` not ahead; both times
 * with `clockToleranceSeconds`.
 */
function checkClaims(payload: Record<string, unknown>, issuer: string, config: AccessConfig): void {
  const { iss, aud, exp, nbf, iat } = payload;
  if (iss !== issuer) throw unauthorized("issuer_not_allowed");
  if (config.audiences !== null && !namesAudience(aud, config.audiences)) throw unauthorized("audience_not_allowed");
  if (typeof exp !== "number" || !isNumericDate(nbf) || !isNumericDate(iat)) throw unauthorized("invalid_claims");
  const now = Math.floor(Date.now() / 1000);
  if (exp <= now - config.clockToleranceSeconds) throw unauthorized("expired");
  if (typeof nbf === "number" && nbf > now + config.clockToleranceSeconds) throw unauthorized("not_yet_valid");
}

function isNumericDate(value: unknown): boolean {
  return value === undefined || typeof value === "number";
}

/** The header and payload as the token claims them, before any signature check. */
function precheck(token: string): { kid: string; unverified: Record<string, unknown> } {
  const [headerPart, payloadPart] = token.split(".") as [string, string];
  const header = decodeJson(base64url(headerPart));
  const unverified = decodeJson(base64url(payloadPart));
  if (header.alg !== "RS256") throw unauthorized("algorithm_not_allowed");
  // Access sets no crit and no b64; a token that does is not one of its own.
  if (header.crit !== undefined || header.b64 !== undefined) throw unauthorized("malformed_token");
  const kid = header.kid;
  if (typeof kid !== "string" || kid.length === 0 || kid.length > 256) throw unauthorized("unknown_key");
  return { kid, unverified };
}

/** Bytes of one base64url part (COMPACT_JWS has checked the alphabet). */
function base64url(part: string): Uint8Array {
  try {
    return Uint8Array.from(atob(part.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  } catch (error) {
    // A length of 4n + 1 is not base64.
    throw unauthorized("malformed_token", error);
  }
}

/** A JSON object from UTF-8 bytes, or `malformed_token`. */
function decodeJson(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch (error) {
    throw unauthorized("malformed_token", error);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw unauthorized("malformed_token");
  return value as Record<string, unknown>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function namesAudience(aud: unknown, allowed: readonly string[]): boolean {
  if (typeof aud === "string") return allowed.includes(aud);
  return Array.isArray(aud) && aud.some((entry) => typeof entry === "string" && allowed.includes(entry));
}

// By jose's documented `code`, not `instanceof errors.X`: the `errors`
// namespace would bring every jose error class into the bundle.
function reasonOf(error: unknown): AccessFailureReason {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERR_JOSE_ALG_NOT_ALLOWED") return "algorithm_not_allowed";
  if (code === "ERR_JWS_INVALID") return "malformed_token";
  // A bad signature, or a key the set holds but jose or the runtime refuses
  // (such as an RSA key under 2048 bits): either way the token is not accepted.
  return "bad_signature";
}
