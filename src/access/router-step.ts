import { REQUEST_ID_HEADER } from "../http/reserved-headers.ts";
import type { RouterState, RouterStep } from "../router/pipeline.ts";
import { checkAccessToken } from "./authenticate.ts";
import { checkAccessSetting, resolveAccess } from "./resolve-setting.ts";
import type { AccessSetting } from "./types.ts";

/** Admin routes answer to their bearer token, never to Access (DESIGN part 7). */
const ADMIN_PREFIX = "/_dorm/admin/";

/**
 * Router step 2: verifies the Access token before a shard is named or any
 * Durable Object is created or woken, so unauthenticated traffic costs no
 * object. It only sheds load: the object (or the app in D1 mode) checks the
 * token again, which costs a cache lookup when both run in one isolate.
 * Nothing it learns is passed on: no header is ever trusted as an identity.
 */
export function accessPreCheck<Env>(setting: AccessSetting<Env>): RouterStep<Env> {
  return async (state: RouterState<Env>) => {
    const config = resolveAccess(setting, state.env);
    if (config === null) return undefined;
    const { pathname } = new URL(state.request.url);
    // Step 1 answers the admin routes; should one reach here, the object still checks Access.
    if (pathname === ADMIN_PREFIX.slice(0, -1) || pathname.startsWith(ADMIN_PREFIX)) return undefined;
    const refusal = await checkAccessToken(state.request, config, { requestId: state.requestId });
    if (refusal === null) return undefined;
    // createWorker drains the unread body before this answer goes out (see discardBody).
    refusal.headers.set(REQUEST_ID_HEADER, state.requestId);
    return refusal;
  };
}

/**
 * The router's Access steps for its config: none when Access is off (or the
 * router's `access` is `false`), else the pre-check. The router's own
 * `access` wins over the app's; a setting that does not depend on `env` is
 * validated here, when the worker is created.
 */
export function accessSteps<Env>(config: {
  readonly access?: AccessSetting<Env> | false;
  readonly app?: { readonly access?: AccessSetting<Env> };
}): RouterStep<Env>[] {
  const setting = config.access === undefined ? config.app?.access : config.access;
  if (setting === false || setting === null || setting === undefined) return [];
  return [accessPreCheck(checkAccessSetting<Env>(setting, "access"))];
}
