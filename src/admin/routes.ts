import { HttpError } from "../errors/http-error.ts";
import { readJson } from "../http/read-json.ts";
import { AdminError } from "../app/admin-error.ts";
import type { AdminOperationName, AdminRequest } from "../app/admin-types.ts";
import { checkAdminInput } from "../users/admin-input.ts";
import { ADMIN_METHODS, ADMIN_PATH_PREFIX, CREATE_ADMIN_BODY_LIMIT } from "./protocol.ts";
import { scheduleQuery } from "./schedule-query.ts";

/** Whether a path belongs to the admin routes (so no other step sees it). */
export function isAdminPath(pathname: string): boolean {
  return pathname === ADMIN_PATH_PREFIX.slice(0, -1) || pathname.startsWith(ADMIN_PATH_PREFIX);
}

/**
 * The admin request a route names: 404 `unknown_operation` for another path,
 * 405 (with `Allow`) for another method. create-admin's JSON body is read and
 * checked here (415, 413, 400 `invalid_json`/`invalid_input`), so bad input is
 * refused once instead of by every shard.
 */
export async function adminRequestOf(request: Request, pathname: string): Promise<AdminRequest> {
  const op = pathname.startsWith(ADMIN_PATH_PREFIX) ? pathname.slice(ADMIN_PATH_PREFIX.length) : "";
  if (!Object.hasOwn(ADMIN_METHODS, op)) {
    const known = Object.keys(ADMIN_METHODS).join(", ");
    throw new HttpError(404, "unknown_operation", `no such admin operation; see ${known}`);
  }
  const name = op as AdminOperationName;
  const method = ADMIN_METHODS[name];
  if (request.method !== method) {
    throw new HttpError(405, "method_not_allowed", `${name} takes ${method}`, { headers: { allow: method } });
  }
  if (name === "schedules") return { op: name, input: scheduleQuery(new URL(request.url).searchParams) };
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
