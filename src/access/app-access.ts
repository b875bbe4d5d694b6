import type { RequestScope } from "../app/handle-request.ts";
import type { AppDefinition, AppUser } from "../app/types.ts";
import { authenticateRequest } from "./authenticate.ts";
import { resolveAccess } from "./resolve-setting.ts";

/**
 * The Access step of `handleAppRequest`: `null` when the app has Access off
 * (or the path is exempt), else the caller or the refusal to answer. Shared
 * by `DurableApp.fetch` and the router's D1 mode, so both check alike.
 */
export function authenticateForApp<Env>(
  app: AppDefinition<Env>,
  request: Request,
  scope: RequestScope<Env>,
): Promise<AppUser | null | Response> | null {
  const config = resolveAccess(app.access, scope.env);
  if (config === null) return null;
  return authenticateRequest(request, config, {
    db: scope.db,
    onUser: scope.onAccessUser,
    shard: scope.shard,
    requestId: scope.requestId,
  });
}
