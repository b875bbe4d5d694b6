import { ConfigError } from "../errors/config-error.ts";
import { HttpError } from "../errors/http-error.ts";
import type { ResolvedSockets } from "./options.ts";
import type { SocketScope } from "./types.ts";

/** What an object's sockets feature knows: its options and the object's scope. */
export interface SocketsRuntime {
  readonly options: ResolvedSockets<unknown, unknown>;
  readonly scope: SocketScope<unknown>;
}

// Per object, keyed by its state: filled by `attach` each time the object
// starts, read by acceptSocket/broadcast/connections, which only get a ctx.
const runtimes = new WeakMap<DurableObjectState, SocketsRuntime>();

export function registerRuntime(object: DurableObjectState, runtime: SocketsRuntime): void {
  runtimes.set(object, runtime);
}

/**
 * The hosting object of a request or hook context. In D1 mode there is no
 * object to hold a socket: 501 `sockets_unavailable`.
 */
export function objectOf(ctx: { readonly object: DurableObjectState | null }): DurableObjectState {
  if (ctx.object) return ctx.object;
  throw new HttpError(501, "sockets_unavailable", "WebSockets need the app to run in its Durable Object (not in D1 mode)");
}

/** The object's sockets feature; a `ConfigError` when the app did not mount it. */
export function runtimeOf(object: DurableObjectState): SocketsRuntime {
  const runtime = runtimes.get(object);
  if (!runtime) throw new ConfigError("sockets", "needs defineApp({ sockets: sockets({...}) }) from dorm/sockets");
  return runtime;
}
