import { HttpError } from "../errors/http-error.ts";
import { validateShardName } from "../router/shard-name.ts";
import type { ShardStrategy } from "../router/types.ts";

/**
 * The shards an admin call addresses: the one named by `?shard=` (checked
 * like any shard name); without it the strategy's default shard, or every
 * shard of its fixed list (a ring); else 400 `shard_required`.
 *
 * @example
 * ```ts
 * adminShards(new URL("https://x/_dorm/admin/stats"), ring({ shards: 3, key }), pattern); // ["shard-0", "shard-1", "shard-2"]
 * ```
 */
export function adminShards(url: URL, strategy: Pick<ShardStrategy, "defaultShard" | "shards">, pattern: RegExp): string[] {
  const named = namedShard(url, pattern);
  if (named !== null) return [named];
  if (strategy.defaultShard !== undefined) return [strategy.defaultShard];
  if (strategy.shards !== undefined && strategy.shards.length > 0) return [...strategy.shards];
  throw new HttpError(
    400,
    "shard_required",
    "this shard strategy has no default shard and no fixed list of shards: name one with ?shard=",
  );
}

/** The shard `?shard=` names (checked), or `null` without one. In D1 mode that is the whole target. */
export function namedShard(url: URL, pattern: RegExp): string | null {
  const named = url.searchParams.getAll("shard");
  if (named.length > 1) throw new HttpError(400, "invalid_shard", "name one shard: ?shard= is given more than once");
  return named.length === 1 ? validateShardName(named[0], pattern) : null;
}
