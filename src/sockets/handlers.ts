import type { ObjectHandlers } from "../app/object-feature.ts";
import { createLogger, describeError } from "../log/logger.ts";
import { connectionOf } from "./connection.ts";
import type { ResolvedSockets } from "./options.ts";
import type { Connection, SocketScope } from "./types.ts";

const log = createLogger("dorm.sockets");

/** Close codes of RFC 6455 that dorm sends. */
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_INTERNAL_ERROR = 1011;

/**
 * The object's WebSocket entry points: the size limit first, then the hooks,
 * each with a connection view read from the socket's attachment. A hook that
 * throws closes the socket with 1011 and is logged without the message.
 */
export function socketHandlers<Env, State>(options: ResolvedSockets<Env, State>, scope: SocketScope<Env>): ObjectHandlers {
  const { hooks, maxMessageBytes, maxStateBytes } = options;
  const view = (ws: WebSocket) => connectionOf<State>(scope.object, ws, maxStateBytes);
  const run = async (ws: WebSocket, event: string, call: (connection: Connection<State>) => unknown): Promise<void> => {
    const connection = view(ws);
    try {
      await call(connection);
    } catch (error) {
      log.error(`socket ${event} hook threw; closing with 1011`, { shard: connection.shard, error: describeError(error) });
      closeQuietly(ws, CLOSE_INTERNAL_ERROR, "internal error");
    }
  };
  return {
    async webSocketMessage(ws, message) {
      if (byteLength(message, maxMessageBytes) > maxMessageBytes) {
        closeQuietly(ws, CLOSE_TOO_BIG, `message over ${maxMessageBytes} bytes`);
        return;
      }
      if (hooks.message) await run(ws, "message", (connection) => hooks.message!(connection, message, scope));
    },
    async webSocketClose(ws, code, reason, wasClean) {
      if (hooks.close) await run(ws, "close", (connection) => hooks.close!(connection, { code, reason, wasClean }, scope));
      // Completes the closing handshake where the runtime does not answer a
      // client's close itself (compatibility dates before web_socket_auto_reply_to_close).
      closeQuietly(ws, code === 1005 || code === 1006 || code === 1015 ? 1000 : code, reason);
    },
    async webSocketError(ws, error) {
      log.warn("socket error", { error: describeError(error) });
      if (hooks.error) await run(ws, "error", (connection) => hooks.error!(connection, error, scope));
    },
  };
}

/**
 * A message's size in bytes, exact only up to `limit`: a text's UTF-8 length
 * is between its length and three times it, so only a text in between is encoded.
 */
function byteLength(message: string | ArrayBuffer, limit: number): number {
  if (typeof message !== "string") return message.byteLength;
  if (message.length > limit || message.length * 3 <= limit) return message.length;
  return new TextEncoder().encode(message).byteLength;
}

/** Closing a socket that is already closed throws; here that is not an error. */
function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closed.
  }
}
