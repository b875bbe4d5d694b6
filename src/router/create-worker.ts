import { discardBody } from "../http/discard-body.ts";
import { errorToResponse } from "../http/error-to-response.ts";
import { edgeRequestId } from "../http/request-id.ts";
import { routerLog } from "./log.ts";
import { runPipeline } from "./pipeline.ts";
import { withRouterHeaders } from "./router-headers.ts";
import { accessStep } from "./steps/access.ts";
import { forward } from "./steps/forward.ts";
import { resolveShard } from "./steps/shard.ts";
import type { ResolvedRouterConfig, RouterConfig, RouterState, RouterStep, RouterWorker } from "./types.ts";
import { validateConfig } from "./validate-config.ts";

/**
 * The router's steps, in the order every request runs them; a feature the
 * configuration does not mount has no step at all (its code is not bundled):
 *
 * 1. admin routes `/_dorm/admin/…` (`admin`, their own step): answered there,
 *    behind their bearer token and before Access, which does not apply to them;
 * 2. shard: name and validate the shard (`state.shard`);
 * 3. Access (`access`, else the app's): refuse an unauthenticated request, or
 *    one the app's `authorize` hook refuses for this shard, before any object
 *    is created or woken and before D1 mode;
 * 4. D1 mode (`d1`, its own step): run the app in this worker when the mode says so;
 * 5. forward to the shard's Durable Object.
 */
function routerSteps<Env>(config: ResolvedRouterConfig<Env>): RouterStep<Env>[] {
  const { admin, d1 } = config;
  const steps = [
    admin && ((state: RouterState<Env>) => admin.step(state)),
    resolveShard,
    accessStep(config),
    d1 && ((state: RouterState<Env>) => d1.step(state)),
    forward,
  ];
  return steps.filter((step): step is RouterStep<Env> => typeof step === "function");
}

/**
 * Builds the stateless router worker: names each request's shard, validates
 * the name, and forwards the request to that shard's Durable Object, unchanged
 * except that it removes every client `x-dorm-*` header and sets
 * `x-dorm-request-id`, both only when needed: behind Cloudflare's edge the
 * request id is the `cf-ray`, which the object reads itself (see
 * withRouterHeaders). The object learns its name from `ctx.id.name`.
 * Configuration is validated here and throws `ConfigError` naming the option.
 *
 * @example
 * ```ts
 * export { NotesApp } from "./notes-app.ts";
 * export default createWorker<Env>({ binding: "APP", shard: byHeader("X-Tenant", { default: "default" }), app });
 * ```
 */
export function createWorker<Env = unknown>(config: RouterConfig<Env>): RouterWorker<Env> {
  const resolved = validateConfig(config);
  const steps = routerSteps(resolved);
  return {
    async fetch(request, env, ctx) {
      const requestId = edgeRequestId(request) ?? crypto.randomUUID();
      let state: RouterState<Env> | undefined;
      let response: Response;
      try {
        state = { request: withRouterHeaders(request, requestId), env, ctx, requestId, config: resolved };
        response = await runPipeline(steps, state);
      } catch (error) {
        const { pathname } = new URL(request.url);
        // The path only: query strings may carry secrets (signed URLs, tokens).
        response = errorToResponse(error, requestId, routerLog, { method: request.method, path: pathname, shard: state?.shard });
      }
      // A step that answers by itself (400, 401, 503 …) leaves the body unread,
      // and answering so breaks wrangler dev's next request (see discardBody).
      // A body that was forwarded is locked or used, and stays the object's.
      const sent = state?.request ?? request;
      if (!sent.bodyUsed) await discardBody(sent.body);
      return response;
    },
  };
}
