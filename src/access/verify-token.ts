import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from "jose";
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
 * label, never from the token's text. Only then the signature (with a key
 * from the team's key set, whatever `jku`, `x5u` or `jwk` the header names),
 * `iss`, `aud`, `exp` (required) and `nbf`, with the configured clock tolerance.
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
  try {
    const { payload } = await jwtVerify(token, () => store.key(kid), {
      algorithms: ["RS256"],
      issuer: teamIssuer(team),
      ...(config.audiences === null ? {} : { audience: [...config.audiences] }),
      clockTolerance: config.clockToleranceSeconds,
      requiredClaims: ["exp"],
    });
    // Frozen all the way down: cached claims are shared by every request that
    // presents the token, so one handler must not be able to edit them for the next.
    return deepFreeze(payload) as AccessClaims;
  } catch (error) {
    if (error instanceof AccessError) throw error;
    throw unauthorized(reasonOf(error), error);
  }
}

/** The header and payload as the token claims them, before any signature check. */
function precheck(token: string): { kid: string; unverified: Record<string, unknown> } {
  let header: Record<string, unknown>;
  let unverified: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
    unverified = decodeJwt(token) as Record<string, unknown>;
  } catch (error) {
    throw unauthorized("malformed_token", error);
  }
  if (header.alg !== "RS256") throw unauthorized("algorithm_not_allowed");
  // Access sets no crit and no b64; a token that does is not one of its own.
  if (header.crit !== undefined || header.b64 !== undefined) throw unauthorized("malformed_token");
  const kid = header.kid;
  if (typeof kid !== "string" || kid.length === 0 || kid.length > 256) throw unauthorized("unknown_key");
  return { kid, unverified };
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

function reasonOf(error: unknown): AccessFailureReason {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return "not_yet_valid";
    if (error.claim === "aud") return "audience_not_allowed";
    if (error.claim === "iss") return "issuer_not_allowed";
    return "invalid_claims";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm_not_allowed";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed_token";
  // Anything else (a key the set holds but the runtime refuses, such as an
  // RSA key under 2048 bits) still means this token is not accepted.
  return "bad_signature";
}
