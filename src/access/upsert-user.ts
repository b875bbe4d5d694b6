import type { AppUser } from "../app/types.ts";
import { sql } from "../db/sql.ts";
import type { Database, Query, Row } from "../db/types.ts";
import { unauthorized } from "./access-error.ts";
import { accessLog } from "./log.ts";
import type { AccessClaims } from "./types.ts";
import { splitName, userFromRow } from "../users/user-row.ts";
import { identityOf } from "./identity.ts";

/**
 * `last_login` is rewritten at most this often per user, so a busy user costs
 * one read per request, not one write (a D1 write is a network round trip).
 */
export const LAST_LOGIN_RESOLUTION_MS = 60_000;

// A constant fragment: the sql tag inlines a Query's text.
const COLUMNS: Query = {
  text: "id, email, username, first_name, last_name, is_active, is_staff, is_superuser, last_login, date_joined",
  params: [],
};

/**
 * dorm's default handling of a person's verified claims: the first sight
 * creates the `dorm_users` row (username = email, first and last name from
 * the `name` claim, active, not staff, `date_joined` and `last_login` now);
 * later sights update a changed name and `last_login`. Flags (`is_active`,
 * `is_staff`, `is_superuser`) are never changed here. The caller answers 403
 * when the returned user is inactive.
 *
 * @example
 * ```ts
 * // An `onUser` hook that builds on dorm's handling:
 * access: accessFromEnv({
 *   onUser: async (claims, db) => ({ ...(await upsertAccessUser(claims, db)), isStaff: false }),
 * }),
 * ```
 */
export async function upsertAccessUser(claims: AccessClaims, db: Database): Promise<AppUser> {
  const { email } = identityOf(claims);
  if (email === null) throw unauthorized("no_identity");
  const name = splitName(claims.name);
  const now = new Date();
  const row = await db.first(sql`select ${COLUMNS} from dorm_users where email = ${email}`);
  if (row && !changed(row, name, now)) return userFromRow(row, claims);
  const named = name !== null;
  const saved = await db.first(
    sql`insert into dorm_users (email, username, first_name, last_name, last_login, date_joined)
        values (${email}, ${email}, ${name?.first ?? ""}, ${name?.last ?? ""}, ${now}, ${now})
        on conflict (email) do update set
          first_name = case when ${named} then excluded.first_name else first_name end,
          last_name = case when ${named} then excluded.last_name else last_name end,
          last_login = excluded.last_login
        returning ${COLUMNS}`,
  );
  if (!saved) throw new Error("the upsert into dorm_users returned no row");
  if (!row) accessLog.info("created a user on first sign-in", { userId: saved.id });
  return userFromRow(saved, claims);
}

function changed(row: Row, name: { first: string; last: string } | null, now: Date): boolean {
  if (name !== null && (row.first_name !== name.first || row.last_name !== name.last)) return true;
  const last = typeof row.last_login === "string" ? Date.parse(row.last_login) : NaN;
  return !(now.getTime() - last < LAST_LOGIN_RESOLUTION_MS);
}
