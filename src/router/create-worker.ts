import { adminRoutes } from "../admin/http/admin-step.ts";
import { accessSteps } from "../access/router-step.ts";
import { discardBody } from "../http/discard-body.ts";
import { edgeRequestId } from "../http/request-id.ts";
import { errorToResponse } from "./error-to-response.ts";
import { runInD1Mode } from "./d1-mode.ts";
import { forward } from "./forward.ts";
import { runPipeline } from "./pipeline.ts";
import type { RouterState, RouterStep } from "./pipeline.ts";
import { resolveShard } from "./resolve-shard.ts";
import { withRouterHeaders } from "./router-headers.ts";
import type { RouterConfig, RouterWorker } from "./types.ts";
import { validateConfig } from "./validate-config.ts";
import type { ResolvedRouterConfig } from "./validate-config.ts";

/**
 * The router's steps, in the order every request runs them. Later features
 * are added here as steps, each a `RouterStep` in its own file, without
 * touching the others:
 *
 * 1. admin routes `/_dorm/admin/…` (DESIGN part 7): answer here, behind their
 *    bearer token and before Access, which does not apply to them;
 * 2. Access pre-check (part 6): refuse an unauthenticated request before any
 *    object is created or woken;
 * 3. shard: name and validate the shard (`state.shard`);
 * 4. D1 mode (part 8): run the app in this worker instead of forwarding,
 *    answering here when the mode (from config or `env`) says so;
 * 5. forward to the shard's Durable Object.
 */
function routerSteps<Env>(config: ResolvedRouterConfig<Env>): RouterStep<Env>[] {
  return [
    adminRoutes(config),
    // 2. Access pre-check, when configured (the router's `access`, else the app's).
    //    It skips `/_dorm/admin/…`: those answer to their bearer token in step 1.
    ...accessSteps(config),
    resolveShard,
    runInD1Mode,
    forward,
  ];
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
 * // src/worker.ts
 * import { byHeader, createWorker } from "dorm";
 * export { NotesApp } from "./notes-app.ts";
 * export default createWorker({ binding: "APP", shard: byHeader("X-Tenant", { default: "default" }) });
 * ```
 */
export function createWorker<Env = unknown>(config: RouterConfig<Env>): RouterWorker<Env> {
  const resolved = validateConfig(config);
  const steps = routerSteps(resolved);
  return {
    async fetch(request, env, ctx) {
      const requestId = edgeRequestId(request) ?? crypto.randomUUID();
      let state: RouterState<Env> | undefined;
      try {
        state = {
          request: withRouterHeaders(request, requestId),
          env,
          ctx,
          requestId,
          config: resolved,
        };
        const response = await runPipeline(steps, state);
        await discardUnread(state.request);
        return response;
      } catch (error) {
        const response = errorToResponse(error, {
          requestId,
          request: state?.request ?? request,
          shard: state?.shard,
        });
        await discardUnread(state?.request ?? request);
        return response;
      }
    },
  };
}

// A step that answers by itself (400, 401, 503 …) leaves the body unread, and
// answering so breaks wrangler dev's next request (see discardBody). A body
// that was forwarded is locked or used, and stays the object's to read.
async function discardUnread(request: Request): Promise<void> {
  if (!request.bodyUsed) await discardBody(request.body);
}
