import { MAX_EMAIL_LENGTH, normalizeEmail } from "../users/user-row.ts";
import { unauthorized } from "./access-error.ts";
import type { AccessClaims, AccessIdentity } from "./types.ts";

/**
 * Who verified claims name: a person by `email` (its domain lower-cased, as
 * `dorm_users` stores it), else a service token by `common_name` (Access
 * sends no email for those). A token naming neither, or an email that is not
 * one, is refused (401): it identifies nobody.
 */
export function identityOf(claims: AccessClaims): AccessIdentity {
  const { email, common_name: service } = claims;
  if (typeof email === "string" && email !== "") {
    return Object.freeze({ email: claimedEmail(email), service: null, claims });
  }
  if (typeof service === "string" && service !== "") return Object.freeze({ email: null, service, claims });
  throw unauthorized("no_identity");
}

function claimedEmail(email: string): string {
  if (email.length > MAX_EMAIL_LENGTH || !email.includes("@") || /[\s\u0000-\u001f\u007f]/.test(email)) {
    throw unauthorized("invalid_claims");
  }
  return normalizeEmail(email);
}
