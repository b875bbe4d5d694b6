import { encodePath, nameFromPath } from "./names.ts";
import type { ResolvedStorageOptions } from "./options.ts";
import { CLOCK_ALLOWANCE_SECONDS, EXPIRES_PARAM, MAX_SIGNED_URL_SECONDS, SIGNATURE_PARAM, signFileKey, verifyFileKey } from "./signing.ts";

/**
 * What a request's signature says: `none` (no signature parameters, not a
 * GET/HEAD, or not a path under `signing.urlBase`: Access decides), `valid`
 * (admit it without Access), `expired` or `invalid` (answer 403).
 */
export type SignedRequestStatus = "none" | "valid" | "expired" | "invalid";

type Signing = NonNullable<ResolvedStorageOptions["signing"]>;

/** `urlBase` + the encoded name + `?expires=…&signature=…`, valid for `lifetime` seconds. */
export async function signedUrl(signing: Signing, key: string, name: string, lifetime: number): Promise<string> {
  const expires = Math.floor(Date.now() / 1000) + lifetime;
  const signature = await signFileKey(signing.secret, key, expires);
  return `${signing.urlBase}${encodePath(name)}?${EXPIRES_PARAM}=${expires}&${SIGNATURE_PARAM}=${signature}`;
}

/**
 * Checks a request against the URLs `signedUrl` makes. Only GET and HEAD
 * under the signing base path with a signature parameter count; the name is
 * decoded and validated, then its full key (`keyOf`) is verified, so a URL
 * for one location is worthless under another. Only the exact form `url()`
 * writes passes: one `expires` and one `signature`, the expiry in plain digits
 * (no leading zero, sign or space) and at most the maximum lifetime (plus the
 * clock allowance) ahead, the signature in canonical base64url.
 */
export async function signedRequestStatus(
  request: Request,
  signing: Signing | null,
  keyOf: (name: string) => string,
): Promise<SignedRequestStatus> {
  if (request.method !== "GET" && request.method !== "HEAD") return "none";
  const url = new URL(request.url);
  const expiresValues = url.searchParams.getAll(EXPIRES_PARAM);
  const signatures = url.searchParams.getAll(SIGNATURE_PARAM);
  if (expiresValues.length === 0 && signatures.length === 0) return "none";
  if (signing === null) return "invalid";
  if (!url.pathname.startsWith(signing.basePath)) return "none";
  const [expiresText] = expiresValues;
  const [signature] = signatures;
  if (expiresValues.length !== 1 || signatures.length !== 1 || !/^[1-9][0-9]{0,11}$/.test(expiresText!)) return "invalid";
  const expires = Number(expiresText);
  const now = Date.now() / 1000;
  if (expires > now + MAX_SIGNED_URL_SECONDS + CLOCK_ALLOWANCE_SECONDS) return "invalid";
  let key: string;
  try {
    key = keyOf(nameFromPath(url.pathname, signing.basePath));
  } catch {
    return "invalid";
  }
  if (!(await verifyFileKey(signing.secret, key, expires, signature!))) return "invalid";
  return expires > now ? "valid" : "expired";
}
