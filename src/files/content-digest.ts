import { HttpError } from "../errors/http-error.ts";

/** The field an upload declares its SHA-256 in (RFC 9530). */
export const CONTENT_DIGEST = "content-digest";

// One dictionary member (RFC 8941): a key, then maybe `=value`, then maybe
// `;parameters`. A byte sequence value is `:base64:`; other value types are
// only possible for algorithms this module ignores.
const MEMBER = /^([a-z*][a-z0-9_.*-]*)(?:=([^;]*))?(?:;.*)?$/;
const SHA256_VALUE = /^:([A-Za-z0-9+/]{43}=):$/;

/**
 * The SHA-256 an upload declares in `Content-Digest: sha-256=:<base64>:`
 * (RFC 9530), or `null` when the field is absent or names only other
 * algorithms, which are ignored (RFC 9530 lets a recipient ignore algorithms
 * it does not support; sha-256 is the one R2 and `crypto.DigestStream` check
 * here). A field that does not parse, or whose sha-256 is not 32 bytes of
 * base64 or is given twice, is refused: 400 `invalid_digest`.
 *
 * @example
 * ```ts
 * const sha256 = contentDigestSha256(request.headers); // Uint8Array(32) | null
 * ```
 */
export function contentDigestSha256(headers: Headers): Uint8Array | null {
  const field = headers.get(CONTENT_DIGEST);
  if (field === null || field.trim() === "") return null; // an empty dictionary
  let found: Uint8Array | null = null;
  for (const member of field.split(",")) {
    const match = MEMBER.exec(member.trim());
    if (match?.[1] !== "sha-256") {
      if (match) continue;
    } else {
      const value = SHA256_VALUE.exec(match[2]?.trim() ?? "");
      if (value && !found) {
        found = Uint8Array.from(atob(value[1]!), (c) => c.charCodeAt(0));
        continue;
      }
    }
    // Not a dictionary member, a sha-256 that is not 32 bytes of base64, or a second sha-256.
    throw new HttpError(400, "invalid_digest", "Content-Digest must be a dictionary with one sha-256=:<base64 of 32 bytes>: (RFC 9530)");
  }
  return found;
}
