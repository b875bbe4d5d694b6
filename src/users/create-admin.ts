import { DatabaseError } from "../db/database-error.ts";
import { sql } from "../db/sql.ts";
import type { Database, Row } from "../db/types.ts";
import { AdminError } from "../app/admin-error.ts";
import type { AdminUserRow, CreateAdminInput, CreateAdminResult } from "../app/admin-types.ts";
import { checkAdminInput } from "./admin-input.ts";

/**
 * Makes `email` a staff superuser in `dorm_users`: creates the row (active,
 * username = email, first/last name from `name`) or promotes the existing
 * one, updating its name only when a name is given. `is_active` of an
 * existing user is left alone: reactivating someone is a separate decision.
 * One atomic batch on both engines. Throws `AdminError` (`invalid_input`,
 * `not_migrated` when the built-in migrations have not run).
 *
 * @example
 * ```ts
 * const { created, user } = await createAdmin(createD1Database(env.DB), { email: "ada@example.com", name: "Ada" });
 * ```
 */
export async function createAdmin(db: Database, input: CreateAdminInput): Promise<CreateAdminResult> {
  const { email, firstName, lastName } = checkAdminInput(input);
  const named = firstName !== null;
  let results;
  try {
    results = await db.batch([
      sql`select id from dorm_users where email = ${email}`,
      sql`insert into dorm_users (email, username, first_name, last_name, is_active, is_staff, is_superuser, date_joined)
          values (${email}, ${email}, ${firstName ?? ""}, ${lastName ?? ""}, 1, 1, 1, ${new Date()})
          on conflict (email) do update set
            is_staff = 1,
            is_superuser = 1,
            first_name = case when ${named} then excluded.first_name else first_name end,
            last_name = case when ${named} then excluded.last_name else last_name end
          returning id, email, username, first_name, last_name, is_active, is_staff, is_superuser, last_login, date_joined`,
    ]);
  } catch (error) {
    if (error instanceof DatabaseError && error.code === "no_such_table") {
      throw new AdminError("not_migrated", "dorm_users does not exist: apply dorm's migrations first (migrate)", {
        cause: error,
      });
    }
    throw error;
  }
  const existed = (results[0]?.rows.length ?? 0) > 0;
  const row = results[1]?.rows[0];
  if (!row) throw new Error("the upsert into dorm_users returned no row");
  return { created: !existed, user: userRow(row) };
}

function userRow(row: Row): AdminUserRow {
  return {
    id: Number(row.id),
    email: String(row.email),
    username: String(row.username),
    first_name: String(row.first_name ?? ""),
    last_name: String(row.last_name ?? ""),
    is_active: row.is_active === 1,
    is_staff: row.is_staff === 1,
    is_superuser: row.is_superuser === 1,
    last_login: row.last_login === null ? null : String(row.last_login),
    date_joined: String(row.date_joined),
  };
}
