import { routerNamespace } from "../namespace.ts";
import type { RouterStep } from "../pipeline.ts";
import { validateShardName } from "../shard-name.ts";
import type { ResolvedRouterConfig } from "../validate-config.ts";
import type { AdminStub } from "../../app/admin-types.ts";

/**
 * Router step, first when the app has admin routes: hands `/_dorm/admin/…` to
 * them with what only the router knows (the strategy's shards, the name rule,
 * the stubs with getStub, location hint and jurisdiction, and whether this
 * request runs in D1 mode). No other step, Access included, sees these paths.
 */
export function adminStep<Env>(config: ResolvedRouterConfig<Env>): RouterStep<Env> | null {
  const { app, d1 } = config;
  const routes = app?.admin?.routes;
  if (!app || !routes) return null;
  const { shard: strategy, shardPattern } = config;
  const options = config.locationHint === undefined ? {} : { locationHint: config.locationHint };
  return (state) => {
    if (!routes.owns(new URL(state.request.url).pathname)) return undefined;
    const { env } = state;
    return routes.handle(state.request, {
      app,
      env,
      requestId: state.requestId,
      waitUntil: (promise) => state.ctx.waitUntil(promise),
      defaultShard: strategy.defaultShard,
      shards: strategy.shards,
      validateShard: (name) => validateShardName(name, shardPattern),
      stub: (shard) => config.getStub(routerNamespace(env, config), shard, options) as unknown as AdminStub,
      d1: () => (d1 && d1.active(env) ? d1.database(app, env) : null),
    });
  };
}
