import { errorResponse } from "../http/error-response.ts";
import { AccessError } from "./access-error.ts";
import { verifiedClaims } from "./authenticate.ts";
import { identityOf } from "./identity.ts";
import { accessLog } from "./log.ts";
import { accessErrorResponse } from "./responses.ts";
import type { AccessAuthorizeHook, AccessConfig } from "./types.ts";

/** What {@link checkAtRouter} needs besides the request and the config. */
export interface RouterCheckScope<Env> {
  readonly env: Env;
  /** The shard the router named and validated. */
  readonly shard: string;
  readonly requestId: string;
}

/**
 * The router's Access check of one request, the shard already named: the
 * token (exempt paths and the `exempt` hook asked at their "router" stage,
 * with no shard, as before), then `authorize` with the caller's identity
 * (`null` when exempt). `null` lets the request on; otherwise the answer.
 * Nothing here touches a database or an object, so a refusal costs neither.
 */
export async function checkAtRouter<Env>(
  request: Request,
  config: AccessConfig,
  authorize: AccessAuthorizeHook<Env> | undefined,
  { env, shard, requestId }: RouterCheckScope<Env>,
): Promise<Response | null> {
  let identity;
  try {
    const claims = await verifiedClaims(request, config, { stage: "router", shard: null });
    if (!authorize) return null;
    identity = claims && identityOf(claims);
  } catch (error) {
    if (error instanceof AccessError) return accessErrorResponse(error, requestId);
    throw error;
  }
  const verdict = await authorize({ identity, shard, request, env, requestId });
  if (verdict === true) return null;
  if (verdict instanceof Response) return verdict;
  accessLog.info("refused a request", { requestId, status: 403, reason: "not_authorized", shard });
  return errorResponse(403, "forbidden", "not allowed on this shard", { requestId });
}
