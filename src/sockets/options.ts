import { ConfigError } from "../errors/config-error.ts";
import type { SocketsOptions } from "./types.ts";

/** The attachment limit documented for `serializeAttachment` (workerd enforces 16 KiB serialized, which 2 KiB of JSON stays far below). */
export const MAX_ATTACHMENT_BYTES = 2048;
/** Below the runtime's own 1 MiB frame limit, so a hostile client's big frame is refused cheaply. */
const DEFAULT_MAX_MESSAGE_BYTES = 65_536;
const RUNTIME_MAX_MESSAGE_BYTES = 1_048_576;

/** `sockets()` options, checked. */
export interface ResolvedSockets<Env, State> {
  /** A copy of the options as given, for their hooks (checked to be functions). */
  readonly hooks: Readonly<SocketsOptions<Env, State>>;
  readonly maxMessageBytes: number;
  readonly maxStateBytes: number;
  readonly autoResponse: { readonly request: string; readonly response: string } | false;
}

export function resolveSocketsOptions<Env, State>(options: SocketsOptions<Env, State>): ResolvedSockets<Env, State> {
  if (typeof options !== "object" || options === null) throw new ConfigError("sockets", "needs an options object");
  const { connect, message, close, error } = options;
  for (const [name, hook] of Object.entries({ connect, message, close, error })) {
    if (hook !== undefined && typeof hook !== "function") throw new ConfigError(`sockets.${name}`, "must be a function");
  }
  const maxMessageBytes = bytes(options.maxMessageBytes, "sockets.maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES, RUNTIME_MAX_MESSAGE_BYTES);
  const maxStateBytes = bytes(options.maxStateBytes, "sockets.maxStateBytes", MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_BYTES);
  const autoResponse = options.autoResponse === undefined ? { request: "ping", response: "pong" } : options.autoResponse;
  if (autoResponse !== false && !(nonEmpty(autoResponse?.request) && nonEmpty(autoResponse?.response))) {
    throw new ConfigError("sockets.autoResponse", "must be { request, response } (non-empty strings) or false");
  }
  return { hooks: { ...options }, maxMessageBytes, maxStateBytes, autoResponse };
}

function bytes(value: unknown, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError(option, `must be an integer from 1 to ${max}`);
  }
  return value;
}

const nonEmpty = (value: unknown): boolean => typeof value === "string" && value !== "";
