import type { AppUser } from "../app/types.ts";
import type { Database } from "../db/types.ts";
import { serviceUser } from "../users/user-row.ts";
import { AccessError } from "./access-error.ts";
import { isExemptPath } from "./exempt-paths.ts";
import { identityOf } from "./identity.ts";
import { accessErrorResponse } from "./responses.ts";
import { accessTokenOf } from "./token-source.ts";
import type { AccessClaims, AccessConfig, AccessExemptContext } from "./types.ts";
import { upsertAccessUser } from "./upsert-user.ts";
import { verifyAccessToken } from "./verify-token.ts";

/** What {@link authenticateRequest} needs besides the request and the config. */
export interface AuthenticateOptions {
  /** Where the users live: the object's SQLite, or D1 in D1 mode. */
  readonly db: Database;
  /** The shard the request is for (given to the `exempt` hook). */
  readonly shard: string;
  /** For the refusal's body and log line. */
  readonly requestId?: string;
}

/**
 * The whole Access check of one request, as the object (and the app in D1
 * mode) runs it: `null` for an exempt path, the caller's `AppUser` once the
 * token is verified and the user is found or created (`config.onUser`, else
 * `upsertAccessUser`), or the `Response` to answer instead (401, 403 for an
 * inactive user, 500 when the keys cannot be fetched). Other errors (the
 * database failing) are thrown.
 *
 * @example
 * ```ts
 * const user = await authenticateRequest(request, config, { db, shard });
 * if (user instanceof Response) return user;
 * ```
 */
export async function authenticateRequest(
  request: Request,
  config: AccessConfig,
  options: AuthenticateOptions,
): Promise<AppUser | null | Response> {
  try {
    const claims = await verifiedClaims(request, config, { stage: "app", shard: options.shard });
    if (claims === null) return null;
    const user = await userOf(claims, options.db, config.onUser ?? upsertAccessUser);
    if (!user.isActive) throw new AccessError("forbidden", "inactive_user");
    return user;
  } catch (error) {
    if (error instanceof AccessError) return accessErrorResponse(error, options.requestId);
    throw error;
  }
}

/**
 * The token check alone, with no database, at the app stage (the object, or
 * the app in D1 mode, for `shard`): `null` when the request may pass
 * (verified, or exempt), else the refusal to answer.
 *
 * @example
 * ```ts
 * const refusal = await checkAccessToken(request, config, { requestId, shard });
 * if (refusal) return refusal;
 * ```
 */
export async function checkAccessToken(
  request: Request,
  config: AccessConfig,
  options: { readonly requestId?: string; readonly shard: string },
): Promise<Response | null> {
  try {
    await verifiedClaims(request, config, { stage: "app", shard: options.shard });
    return null;
  } catch (error) {
    if (error instanceof AccessError) return accessErrorResponse(error, options.requestId);
    throw error;
  }
}

/**
 * `null` for an exempt request; the verified claims otherwise (or an
 * AccessError). The `exempt` hook is asked at `context.stage`.
 */
export async function verifiedClaims(
  request: Request,
  config: AccessConfig,
  context: AccessExemptContext,
): Promise<AccessClaims | null> {
  if (isExemptPath(new URL(request.url).pathname, config.exemptPaths)) return null;
  if (config.exempt && (await config.exempt(request, context))) return null;
  return verifyAccessToken(accessTokenOf(request, config.maxTokenBytes), config);
}

async function userOf(
  claims: AccessClaims,
  db: Database,
  hook: (claims: AccessClaims, db: Database) => Promise<AppUser>,
): Promise<AppUser> {
  const { service } = identityOf(claims);
  return service === null ? hook(claims, db) : serviceUser(service, claims);
}
