import type { Database } from "../db/types.ts";

/**
 * The caller as a socket remembers them: the request's `ctx.user` without its
 * token claims (they would not fit the attachment), or `null` when Access is
 * off or the path is exempt.
 */
export interface SocketUser {
  readonly id: number | null;
  readonly email: string | null;
  readonly name: string | null;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  readonly service: string | null;
}

/**
 * Where a socket hook runs: the app's env and database, and the hosting
 * object's state (`object`), so `broadcast(scope, …)` and
 * `connections(scope)` work in a hook as in a request handler.
 */
export interface SocketScope<Env> {
  readonly env: Env;
  readonly db: Database;
  readonly object: DurableObjectState;
}

/** One accepted WebSocket as the hooks and `connections()` see it. */
export interface Connection<State = unknown> {
  /** The runtime's socket, for what this view does not cover. */
  readonly socket: WebSocket;
  readonly user: SocketUser | null;
  /** The shard that accepted it: known without `ctx.id.name`, which a woken object may lack. */
  readonly shard: string;
  /** The connection's state, as last set (kept in the socket's attachment). */
  readonly state: State;
  readonly tags: readonly string[];
  /** Sends a message; returns `false` when the socket is already closing or closed. */
  send(message: string | ArrayBuffer | ArrayBufferView): boolean;
  close(code?: number, reason?: string): void;
  /** Replaces the state; throws `HttpError` 413 `socket_state_too_large` past `maxStateBytes`. */
  setState(state: State): void;
}

/** What the `connect` hook is told about an upgrade it may refuse (throw `HttpError`). */
export interface ConnectInfo<Env, State> extends SocketScope<Env> {
  readonly request: Request;
  readonly user: SocketUser | null;
  readonly shard: string;
  readonly tags: readonly string[];
  /** The state `acceptSocket` was given (`null` without one). */
  readonly state: State | null;
}

/** How a socket closed, as the `close` hook sees it. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** What `sockets()` accepts. Every hook is optional. */
export interface SocketsOptions<Env, State = unknown> {
  /** Runs before the socket is accepted; throw an `HttpError` to refuse, return a value to set the state. */
  connect?(info: ConnectInfo<Env, State>): State | void | Promise<State | void>;
  message?(connection: Connection<State>, message: string | ArrayBuffer, scope: SocketScope<Env>): void | Promise<void>;
  close?(connection: Connection<State>, info: CloseInfo, scope: SocketScope<Env>): void | Promise<void>;
  error?(connection: Connection<State>, error: unknown, scope: SocketScope<Env>): void | Promise<void>;
  /** Largest message accepted, in bytes (UTF-8 for text); larger closes the socket with 1009. Default 65,536. */
  maxMessageBytes?: number;
  /** Largest attachment (user, shard and state as JSON), in bytes. Default and maximum 2,048. */
  maxStateBytes?: number;
  /** The runtime's answer to a message without waking the object; `false` for none. Default `"ping"` → `"pong"`. */
  autoResponse?: { readonly request: string; readonly response: string } | false;
}
