import { AccessError } from "./access-error.ts";
import { verifiedClaims } from "./authenticate.ts";
import { identityOf } from "./identity.ts";
import { accessErrorResponse } from "./responses.ts";
import type { AccessRouterState } from "../app/types.ts";
import type { AccessAuthorizeHook, AccessConfig } from "./types.ts";

/**
 * The router's Access check of one request, the shard already named: the
 * token (exempt paths and the `exempt` hook asked at their "router" stage,
 * with no shard, as before), then `authorize` with the caller's identity
 * (`null` when exempt). `null` lets the request on; otherwise the answer.
 * Nothing here touches a database or an object, so a refusal costs neither.
 */
export async function checkAtRouter<Env>(
  state: AccessRouterState,
  config: AccessConfig,
  authorize: AccessAuthorizeHook<Env> | undefined,
): Promise<Response | null> {
  const { request, requestId } = state;
  try {
    const claims = await verifiedClaims(request, config, { stage: "router", shard: null });
    if (!authorize) return null;
    // The router's env is the one the feature was typed for; the shard step has run.
    const verdict = await authorize({ identity: claims && identityOf(claims), shard: state.shard as string, request, env: state.env as Env, requestId });
    if (verdict instanceof Response) return verdict;
    if (verdict !== true) throw new AccessError("forbidden", "not_authorized");
    return null;
  } catch (error) {
    if (error instanceof AccessError) return accessErrorResponse(error, requestId);
    throw error;
  }
}
