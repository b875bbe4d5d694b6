import { ConfigError } from "../../errors/config-error.ts";
import type { ShardStrategy } from "../types.ts";

/**
 * Every request goes to one object. Its name is also the admin routes' default.
 *
 * @example
 * ```ts
 * export default createWorker({ binding: "APP", shard: singleton() });
 * ```
 */
export function singleton(name = "default"): ShardStrategy {
  if (typeof name !== "string" || name.length === 0) {
    throw new ConfigError("singleton.name", "must be a non-empty string");
  }
  return { resolve: () => name, defaultShard: name };
}
