import { unauthorized } from "./access-error.ts";

/** The header Cloudflare Access puts the token in on every proxied request. */
export const ACCESS_JWT_HEADER = "cf-access-jwt-assertion";
/** The cookie Access sets in the browser, used when the header is absent. */
export const ACCESS_COOKIE = "CF_Authorization";

/**
 * The request's Access token: the `Cf-Access-Jwt-Assertion` header, else
 * the `CF_Authorization` cookie. Throws a 401 `AccessError` when there is
 * none, or when it is longer than `maxBytes` (checked before anything parses it).
 *
 * @example
 * ```ts
 * const token = accessTokenOf(request, 16_384);
 * ```
 */
export function accessTokenOf(request: Request, maxBytes: number): string {
  const token = request.headers.get(ACCESS_JWT_HEADER)?.trim() || cookieValue(request.headers.get("cookie"));
  if (!token) throw unauthorized("missing_token");
  // Header values are byte strings, so length is the size in bytes.
  if (token.length > maxBytes) throw unauthorized("token_too_large");
  return token;
}

function cookieValue(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== ACCESS_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
  }
  return null;
}
