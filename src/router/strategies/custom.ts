import { ConfigError } from "../../errors/config-error.ts";
import type { ShardStrategy } from "../types.ts";

/** Options of {@link custom}: what the admin routes address without `?shard=`. */
export type CustomOptions = {
  defaultShard?: string;
  shards?: readonly string[];
  /** Where a request names its shard, for the 400 of one that names none (`the "x-org" header`). */
  source?: string;
};

/**
 * Shards with your own function. Return the name, `null` for "none" (400), or
 * throw an `HttpError` to answer with its status; the router validates the name.
 *
 * @example
 * ```ts
 * const shard = custom((request, env: Env) =>
 *   request.headers.get("X-Org") ?? env.DEFAULT_ORG ?? null,
 *   { defaultShard: "main" });
 * ```
 */
export function custom<Env = unknown>(
  fn: (request: Request, env: Env) => string | null | Promise<string | null>,
  options: CustomOptions = {},
): ShardStrategy<Env> {
  if (typeof fn !== "function") {
    throw new ConfigError("custom.fn", "must be a function");
  }
  return {
    resolve: (request, env) => fn(request, env),
    ...(options.source !== undefined && { source: options.source }),
    ...(options.defaultShard !== undefined && { defaultShard: options.defaultShard }),
    // Copied and frozen: the admin routes fan out over this list later.
    ...(options.shards !== undefined && { shards: Object.freeze([...options.shards]) }),
  };
}
