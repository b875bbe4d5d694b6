import { HttpError } from "../../errors/index.ts";
import { readJson } from "../../http/read-json.ts";
import { AdminError } from "../admin-error.ts";
import { checkAdminInput } from "../admin-input.ts";
import type { AdminOperationName, AdminRequest } from "../types.ts";

/** The admin routes live under this path of the router, before Access. */
export const ADMIN_PATH_PREFIX = "/_dorm/admin/";

/** Each route's method. */
const METHODS: Readonly<Record<AdminOperationName, "GET" | "POST">> = {
  migrate: "POST",
  migrations: "GET",
  "create-admin": "POST",
  stats: "GET",
};

/** The create-admin body is two short strings; 4 KiB is plenty. */
const CREATE_ADMIN_BODY_LIMIT = 4 * 1024;

/** Whether a path belongs to the admin routes (so no other step sees it). */
export function isAdminPath(pathname: string): boolean {
  return pathname === "/_dorm/admin" || pathname.startsWith(ADMIN_PATH_PREFIX);
}

/**
 * The admin request a route names: 404 `unknown_operation` for another path,
 * 405 (with `Allow`) for another method. create-admin's JSON body is read and
 * checked here (415, 413, 400 `invalid_json`/`invalid_input`), so bad input is
 * refused once instead of by every shard.
 */
export async function adminRequestOf(request: Request, pathname: string): Promise<AdminRequest> {
  const op = pathname.startsWith(ADMIN_PATH_PREFIX) ? pathname.slice(ADMIN_PATH_PREFIX.length) : "";
  if (!Object.hasOwn(METHODS, op)) {
    throw new HttpError(404, "unknown_operation", "no such admin operation; see migrate, migrations, create-admin, stats");
  }
  const name = op as AdminOperationName;
  const method = METHODS[name];
  if (request.method !== method) {
    throw new HttpError(405, "method_not_allowed", `${name} takes ${method}`, { headers: { allow: method } });
  }
  if (name !== "create-admin") return { op: name };
  const body = await readJson(request, { maxBytes: CREATE_ADMIN_BODY_LIMIT });
  try {
    const input = checkAdminInput(body);
    const { name: given } = body as { name?: unknown };
    return { op: name, input: { email: input.email, name: typeof given === "string" ? given : null } };
  } catch (error) {
    if (error instanceof AdminError) throw new HttpError(400, error.code, error.message, { cause: error });
    throw error;
  }
}
