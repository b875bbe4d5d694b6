import { HttpError } from "../errors/http-error.ts";
import type { SocketUser } from "./types.ts";

/**
 * What dorm keeps in a socket's attachment: who connected (so a woken object
 * knows the sender without re-verifying a token), the shard that accepted it
 * (a woken object may not know its own name) and the app's state.
 */
export interface SocketAttachment {
  readonly dorm: 1;
  readonly user: SocketUser | null;
  readonly shard: string;
  readonly state: unknown;
}

/**
 * Throws `HttpError` 413 `socket_state_too_large` when `attachment` takes
 * more than `maxBytes` as JSON: the runtime's own limit would fail later and
 * less clearly, and JSON is what a state must be to travel to clients anyway.
 */
export function checkAttachment(attachment: SocketAttachment, maxBytes: number): SocketAttachment {
  const size = new TextEncoder().encode(JSON.stringify(attachment)).byteLength;
  if (size > maxBytes) {
    throw new HttpError(413, "socket_state_too_large", `the socket's user, shard and state take ${size} bytes; the limit (sockets maxStateBytes) is ${maxBytes}`);
  }
  return attachment;
}

/** The socket's attachment, or `null` for a socket dorm did not accept. */
export function readAttachment(ws: WebSocket): SocketAttachment | null {
  const value: unknown = ws.deserializeAttachment();
  return typeof value === "object" && value !== null && (value as { dorm?: unknown }).dorm === 1 ? (value as SocketAttachment) : null;
}
