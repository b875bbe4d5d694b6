import { encodePath, nameFromPath } from "./names.ts";
import type { ResolvedStorageOptions } from "./options.ts";
import { EXPIRES_PARAM, SIGNATURE_PARAM, signFileKey, verifyFileKey } from "./signing.ts";

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
 * for one location is worthless under another.
 */
export async function signedRequestStatus(
  request: Request,
  signing: Signing | null,
  keyOf: (name: string) => string,
): Promise<SignedRequestStatus> {
  if (request.method !== "GET" && request.method !== "HEAD") return "none";
  const url = new URL(request.url);
  const expiresText = url.searchParams.get(EXPIRES_PARAM);
  const signature = url.searchParams.get(SIGNATURE_PARAM);
  if (expiresText === null && signature === null) return "none";
  if (signing === null) return "invalid";
  if (!url.pathname.startsWith(signing.basePath)) return "none";
  if (expiresText === null || signature === null || !/^[0-9]{1,12}$/.test(expiresText)) return "invalid";
  let key: string;
  try {
    key = keyOf(nameFromPath(url.pathname, signing.basePath));
  } catch {
    return "invalid";
  }
  const expires = Number(expiresText);
  if (!(await verifyFileKey(signing.secret, key, expires, signature))) return "invalid";
  return expires * 1000 > Date.now() ? "valid" : "expired";
}
