import { connectionOf } from "./connection.ts";
import { objectOf, runtimeOf } from "./runtime.ts";
import type { Connection } from "./types.ts";

/** What `broadcast` takes besides the message. */
export interface BroadcastOptions {
  /** Only the sockets accepted with this tag; default: every socket of the shard. */
  readonly tag?: string | undefined;
  /** A connection (or socket) to skip, usually the sender. */
  readonly except?: Connection | WebSocket | null | undefined;
}

/**
 * Sends `message` to every open socket of this shard (its object), or of one
 * tag, but `except`. Resolves to how many sockets it reached; a socket that
 * is closing is skipped, not an error. Works from a request handler (`ctx`)
 * and from a socket hook (its `scope`). In D1 mode: 501 `sockets_unavailable`.
 *
 * @example
 * ```ts
 * broadcast(ctx, JSON.stringify({ type: "created", note }));
 * broadcast(scope, message, { except: connection });
 * ```
 */
export function broadcast(
  ctx: { readonly object: DurableObjectState | null },
  message: string | ArrayBuffer | ArrayBufferView,
  options: BroadcastOptions = {},
): number {
  const object = objectOf(ctx);
  runtimeOf(object);
  const skip = options.except && "socket" in options.except ? options.except.socket : options.except;
  let sent = 0;
  for (const ws of object.getWebSockets(options.tag)) {
    if (ws === skip || ws.readyState !== WebSocket.OPEN) continue;
    try {
      ws.send(message);
      sent++;
    } catch {
      // Closed between the check and the send: that client left, the others still get it.
    }
  }
  return sent;
}

/** What `connections` takes. */
export interface ConnectionsOptions {
  readonly tag?: string | undefined;
  /** At most this many (1–1,000; default 100), so a crowded shard is listed in pages. */
  readonly limit?: number | undefined;
  /** Skips this many first (default 0). */
  readonly offset?: number | undefined;
}

/**
 * The shard's open sockets (or one tag's) as connection views, a page at a
 * time: the runtime lists every socket at once, so the page bounds the views
 * built and the data returned, not the listing itself.
 *
 * @example
 * ```ts
 * const online = connections(ctx, { limit: 50 }).map((c) => c.user?.email);
 * ```
 */
export function connections<State = unknown>(
  ctx: { readonly object: DurableObjectState | null },
  options: ConnectionsOptions = {},
): Connection<State>[] {
  const object = objectOf(ctx);
  const { maxStateBytes } = runtimeOf(object).options;
  const limit = whole(options.limit, "connections.limit", 100, 1, 1000);
  const offset = whole(options.offset, "connections.offset", 0, 0, Number.MAX_SAFE_INTEGER);
  const open = object.getWebSockets(options.tag).filter((ws) => ws.readyState === WebSocket.OPEN);
  return open.slice(offset, offset + limit).map((ws) => connectionOf<State>(object, ws, maxStateBytes));
}

function whole(value: unknown, option: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new RangeError(`${option} must be an integer from ${min} to ${max}`);
}
