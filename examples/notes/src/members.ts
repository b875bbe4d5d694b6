import { HttpError, readJson } from "../../../src/index.ts";
import type { AppContext } from "../../../src/index.ts";
import { signedInUser } from "./access.ts";
import type { Env } from "./env.ts";
import { json, pageLimit } from "./http.ts";
import { directory, LOBBY, principalOf } from "./tenants.ts";

const MAX_EMAIL = 254;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;
/** The longest principal the directory keeps (an owner may be `service:<name>`). */
const MAX_CURSOR = 320;
/** Something@something, no spaces or control characters: what Access would put in a token. */
const EMAIL = /^[^\s@\u0000-\u001f\u007f]+@[^\s@\u0000-\u001f\u007f]+$/;

/**
 * POST /members {email}: the tenant's owner adds a member: 201 with
 * `{email, added_at}` (200 when they already were one); anyone else 403. The
 * lobby has no owner and no members. The domain is lower-cased, as dorm
 * stores a signed-in user's email, so the member is the one who signs in.
 */
export async function addMember(request: Request, ctx: AppContext<Env>): Promise<Response> {
  const user = signedInUser(ctx);
  const input = await readJson(request);
  const email = (input as { email?: unknown } | null)?.email;
  if (email === undefined || email === null) throw new HttpError(400, "missing_field", "email is required");
  if (typeof email !== "string" || email.length > MAX_EMAIL || !EMAIL.test(email)) {
    throw new HttpError(400, "invalid_field", `email must be an email address of at most ${MAX_EMAIL} characters`);
  }
  if (ctx.shard === LOBBY) throw new HttpError(403, "forbidden", `the ${LOBBY} tenant is open to every signed-in user and has no members`);
  const at = email.lastIndexOf("@");
  const normalized = email.slice(0, at) + email.slice(at).toLowerCase();
  const result = await directory(ctx.env).addMember(ctx.shard, principalOf(user), normalized);
  if (!result) throw new HttpError(403, "forbidden", "only the tenant's owner adds members");
  return json(result.member, result.added ? 201 : 200);
}

/**
 * GET /members?limit=&cursor=: a page of the tenant's members in address
 * order, `{owner, members: [{email, added_at}], cursor}` (`null` on the last page); pass
 * `cursor` back for the next page. Only members get here
 * (the router's authorize hook let them in); the lobby lists nobody.
 */
export async function listMembers(request: Request, ctx: AppContext<Env>): Promise<Response> {
  signedInUser(ctx);
  const params = new URL(request.url).searchParams;
  const limit = pageLimit(params, DEFAULT_PAGE, MAX_PAGE);
  const cursor = params.get("cursor") ?? "";
  if (cursor.length > MAX_CURSOR) throw new HttpError(400, "invalid_cursor", "cursor must be one this route returned");
  if (ctx.shard === LOBBY) return json({ owner: null, members: [], cursor: null });
  return json(await directory(ctx.env).members(ctx.shard, limit, cursor));
}
