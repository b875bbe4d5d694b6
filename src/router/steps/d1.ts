import type { RouterStep } from "../pipeline.ts";
import type { ResolvedRouterConfig } from "../validate-config.ts";

/**
 * Router step (D1 mode, when configured): runs the app here against D1, with
 * the same context and error handling as `DurableApp.fetch`, whenever the
 * mode says so for this request; otherwise the request goes on to its object.
 */
export function d1Step<Env>(config: ResolvedRouterConfig<Env>): RouterStep<Env> | null {
  const { d1, app } = config;
  if (!d1 || !app) return null;
  return (state) => {
    if (!d1.active(state.env)) return undefined;
    return d1.run(app, state.request, {
      env: state.env,
      shard: state.shard ?? "",
      requestId: state.requestId,
      waitUntil: (promise) => state.ctx.waitUntil(promise),
    });
  };
}
