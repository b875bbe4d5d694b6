import type { ObjectFeature } from "../app/object-feature.ts";
import { socketHandlers } from "./handlers.ts";
import { resolveSocketsOptions } from "./options.ts";
import { registerRuntime } from "./runtime.ts";
import type { SocketScope, SocketsOptions } from "./types.ts";

/**
 * Hibernating WebSockets for `defineApp({ sockets })`: the hooks, typed
 * against the app's `Env`, and the limits. Options are checked here
 * (`ConfigError` naming the option). Sockets are accepted by a route of the
 * app calling `acceptSocket`, so the router's shard, Access and `authorize`
 * checks apply to an upgrade like to any request.
 *
 * @example
 * ```ts
 * const live = sockets<Env>({
 *   message: (connection, message, scope) => broadcast(scope, message, { except: connection }),
 * });
 * export const app = defineApp<Env>({ fetch: router, sockets: live });
 * ```
 */
export function sockets<Env, State = unknown>(options: SocketsOptions<Env, State> = {}): ObjectFeature<Env> {
  const resolved = resolveSocketsOptions(options);
  return {
    migrations: [],
    attach({ ctx, env, db }) {
      const scope: SocketScope<Env> = { env, db, object: ctx };
      registerRuntime(ctx, { options: resolved as never, scope: scope as SocketScope<unknown> });
      if (resolved.autoResponse) {
        // Answered by the runtime without waking the object, so keep-alives cost nothing.
        const { request, response } = resolved.autoResponse;
        ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(request, response));
      }
      return socketHandlers(resolved, scope);
    },
  };
}
