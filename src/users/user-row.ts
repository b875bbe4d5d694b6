import type { AppUser } from "../app/types.ts";
import type { Row } from "../db/types.ts";

/** RFC 5321's limit on a forward path, the longest usable address. */
export const MAX_EMAIL_LENGTH = 254;
/** Django's limit on a name field: a longer `name` claim is cut, a longer admin name refused. */
export const MAX_NAME_LENGTH = 150;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * The domain of an email lower-cased, the local part kept, as Django's
 * `normalize_email` does and as dorm's admin `createAdmin` stores it, so a
 * person an admin created is the one who later signs in.
 */
export function normalizeEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0 ? email : email.slice(0, at) + email.slice(at).toLowerCase();
}

/** First and last name from a `name` claim (first word, rest), or `null` without one. */
export function splitName(name: unknown): { first: string; last: string } | null {
  if (typeof name !== "string") return null;
  const cleaned = name.replace(CONTROL, " ").trim().replace(/\s+/g, " ").slice(0, MAX_NAME_LENGTH).trim();
  if (cleaned === "") return null;
  const space = cleaned.indexOf(" ");
  return space < 0 ? { first: cleaned, last: "" } : { first: cleaned.slice(0, space), last: cleaned.slice(space + 1) };
}

/** The user a `dorm_users` row describes. */
export function userFromRow(row: Row, claims: AppUser["claims"]): AppUser {
  const name = `${String(row.first_name ?? "")} ${String(row.last_name ?? "")}`.trim();
  return Object.freeze({
    id: Number(row.id),
    email: String(row.email),
    name: name === "" ? null : name,
    isActive: row.is_active === 1,
    isStaff: row.is_staff === 1,
    isSuperuser: row.is_superuser === 1,
    service: null,
    claims,
  });
}

/** The identity of a service token: no row, no staff rights. */
export function serviceUser(commonName: string, claims: AppUser["claims"]): AppUser {
  return Object.freeze({
    id: null,
    email: null,
    name: null,
    isActive: true,
    isStaff: false,
    isSuperuser: false,
    service: commonName,
    claims,
  });
}
