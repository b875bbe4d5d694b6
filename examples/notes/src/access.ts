import { HttpError } from "../../../src/index.ts";
import type { AppContext, AppUser } from "../../../src/index.ts";
import { accessFromEnv } from "../../../src/access/index.ts";
import { hasFileSignature } from "../../../src/files/index.ts";
import type { Env } from "./env.ts";
import { FILES_PREFIX } from "./files.ts";
import { json } from "./http.ts";
import { authorizeTenant } from "./tenants.ts";

/**
 * The demo's Access settings: on when `ACCESS_TEAM_NAME` or `ACCESS_AUD` is
 * set (`ACCESS_CERTS_URL`: loopback key server, for local runs), else off.
 * `/health` and valid signed file URLs need no token; the admin routes answer
 * to their bearer token instead. Who may use which tenant: `authorizeTenant`,
 * asked by the router before any tenant object exists (tenants.ts).
 */
export const notesAccess = accessFromEnv<Env>({
  exemptPaths: ["/health"],
  exempt: (request) => isSignedFileRequest(request),
  authorize: authorizeTenant,
});

// A signed URL is its own authorisation: a GET or HEAD of one
// file (never the listing, never a write) that carries the signature
// parameters skips Access at both stages, and the file route verifies the
// signature itself (requireValidSignature): expired or forged → 403, no token
// asked. Nothing else is reachable that way: the route serves only that file.
function isSignedFileRequest(request: Request): boolean {
  const { pathname } = new URL(request.url);
  return pathname.startsWith(FILES_PREFIX) && pathname !== FILES_PREFIX && hasFileSignature(request);
}

/**
 * The signed-in caller, or 401: when Access is off the 401 says so
 * (`access_off`), since no token can help.
 */
export function signedInUser({ user, env }: AppContext<Env>): AppUser {
  if (user) return user;
  if (notesAccess.config(env) === null) {
    throw new HttpError(401, "access_off", "Access is off: set ACCESS_TEAM_NAME or ACCESS_AUD to sign in (docs/access.md)");
  }
  throw new HttpError(401, "unauthorized", "a valid Cloudflare Access token is required");
}

/**
 * GET /me: who the token says the caller is: `{email, name, is_staff}`, or
 * `{service, is_staff: false}` for a service token. 401 without a user.
 */
export function me(_request: Request, ctx: AppContext<Env>): Response {
  const user = signedInUser(ctx);
  if (user.service !== null) return json({ service: user.service, is_staff: false });
  return json({ email: user.email, name: user.name, is_staff: user.isStaff });
}
