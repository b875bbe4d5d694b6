import { ConfigError } from "../../errors/config-error.ts";
import type { ShardStrategy } from "../types.ts";
import { ringIndex } from "./ring-hash.ts";

/**
 * Upper bound on a ring's size. The admin routes fan out to every shard of a
 * ring, and a ring can never be resized without moving keys, so a typo such as
 * 100000 is refused at startup instead of becoming permanent.
 */
export const MAX_RING_SHARDS = 1024;

/** Options of {@link ring}. */
export type RingOptions<Env = unknown> = {
  /** Number of shards N; names are `${prefix}0` … `${prefix}${N - 1}`. */
  shards: number;
  /** The value hashed onto the ring, e.g. a user id; `null` names no shard (400). */
  key: (request: Request, env: Env) => string | null | Promise<string | null>;
  /** Default `"shard-"`. */
  prefix?: string;
};

/** A ring strategy: also lists its shards and maps a key the way requests are mapped. */
export type RingStrategy<Env = unknown> = ShardStrategy<Env> & {
  readonly shards: readonly string[];
  /** The shard a key maps to; the same function `resolve` uses. */
  shardFor(key: string): Promise<string>;
};

/**
 * A fixed ring of N shards; each request's key is hashed onto one of them
 * (see {@link ringIndex} for the hash). Spreads load across a fixed number of
 * objects when there is no natural tenant; the admin routes address every shard.
 *
 * @example
 * ```ts
 * const shard = ring({ shards: 16, key: (request) => request.headers.get("X-User-Id") });
 * shard.shards; // ["shard-0", …, "shard-15"]
 * ```
 */
export function ring<Env = unknown>(options: RingOptions<Env>): RingStrategy<Env> {
  const size = options?.shards;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_RING_SHARDS) {
    throw new ConfigError("ring.shards", `must be an integer from 1 to ${MAX_RING_SHARDS}`);
  }
  if (typeof options.key !== "function") {
    throw new ConfigError("ring.key", "must be a function (request, env) => string");
  }
  const prefix = options.prefix ?? "shard-";
  if (typeof prefix !== "string") {
    throw new ConfigError("ring.prefix", "must be a string");
  }
  const names = Object.freeze(Array.from({ length: size }, (_, i) => `${prefix}${i}`));
  const shardFor = async (key: string): Promise<string> =>
    names[await ringIndex(key, size)] as string;
  return {
    shards: names,
    shardFor,
    async resolve(request, env) {
      const key = await options.key(request, env);
      // A JavaScript caller's undefined must not be hashed as the text "undefined".
      return typeof key === "string" ? shardFor(key) : null;
    },
    source: "the ring's key function",
  };
}
