import { HttpError } from "../errors/http-error.ts";

/** The default shard name rule: a DNS-label-like name, lower case, ≤ 63 chars. */
export const DEFAULT_SHARD_PATTERN: RegExp = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Hard cap applied before any pattern runs, whatever the pattern allows, so a
 * hostile multi-kilobyte value never reaches a (possibly user-written) regex.
 * 253 is the longest DNS name, enough for a whole host used as a shard name.
 */
export const MAX_SHARD_NAME_LENGTH = 253;

/** At most this many characters of a refused name are echoed in the message. */
const ECHO_LIMIT = 40;

/**
 * Checks a strategy's result and returns it as a valid shard name; anything
 * else becomes a 400 `invalid_shard` whose message names the rule (and, for a
 * request that names none, where the strategy reads the name: `source`).
 *
 * @example
 * ```ts
 * validateShardName("acme", DEFAULT_SHARD_PATTERN); // "acme"
 * validateShardName("../etc", DEFAULT_SHARD_PATTERN); // throws HttpError 400
 * ```
 */
export function validateShardName(name: unknown, pattern: RegExp, source?: string): string {
  if (name === null || name === undefined) {
    throw new HttpError(400, "invalid_shard", `this request names no shard${source ? `: the router reads it from ${source}` : ""}`);
  }
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_SHARD_NAME_LENGTH || !pattern.test(name)) {
    // The rule as the pattern itself: exact, and short (default: lower-case, digits and -, 1–63).
    throw new HttpError(400, "invalid_shard", `invalid shard name ${safeEcho(String(name))}: a shard name matches ${pattern}`);
  }
  return name;
}

/**
 * A form of a client-supplied name that is safe to put in a response or a log
 * line: characters outside a small printable set become `?` (no control
 * characters, quotes, angle brackets or non-ASCII reach a terminal or an HTML
 * page), and long values are cut, with their length stated. The result is
 * plain ASCII.
 */
export function safeEcho(name: string): string {
  const cut = name.length > ECHO_LIMIT;
  const shown = name.slice(0, ECHO_LIMIT).replace(/[^A-Za-z0-9._~\-]/g, "?");
  return cut ? `"${shown}..." (${name.length} characters)` : `"${shown}"`;
}
