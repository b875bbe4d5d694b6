import type { AppAccess } from "../../app/types.ts";
import type { ResolvedRouterConfig, RouterStep } from "../types.ts";

/**
 * Router step: verifies the Access token before a shard is named or any
 * Durable Object is created or woken, so unauthenticated traffic costs no
 * object. It only sheds load: the object (or the app in D1 mode) checks the
 * token again, which costs a cache lookup when both run in one isolate.
 * Nothing it learns is passed on: no header is ever trusted as an identity.
 * The router's own `access` wins over the app's; `false` turns the step off.
 * The admin routes, when mounted, have answered their paths before this step.
 */
export function accessStep<Env>(config: ResolvedRouterConfig<Env>): RouterStep<Env> | null {
  const access: AppAccess<Env> | false | undefined = config.access === undefined ? config.app?.access : config.access;
  if (!access) return null;
  // createWorker drains the unread body before a refusal goes out (see discardBody).
  return async (state) => (await access.check(state.request, state.env, { requestId: state.requestId })) ?? undefined;
}
