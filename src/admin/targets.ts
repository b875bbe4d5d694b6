import type { AdminContext } from "../app/admin-types.ts";
import { HttpError } from "../errors/http-error.ts";

/**
 * The shards an admin call addresses: the one named by `?shard=` (checked
 * like any shard name); without it the strategy's default shard, or every
 * shard of its fixed list (a ring); else 400 `shard_required`.
 *
 * @example
 * ```ts
 * adminShards(new URL("https://x/_dorm/admin/stats"), context); // with a 3-shard ring: ["shard-0", "shard-1", "shard-2"]
 * ```
 */
export function adminShards(url: URL, context: AdminContext<unknown>): string[] {
  const named = namedShard(url, context);
  if (named !== null) return [named];
  if (context.defaultShard !== undefined) return [context.defaultShard];
  if (context.shards !== undefined && context.shards.length > 0) return [...context.shards];
  throw new HttpError(
    400,
    "shard_required",
    "this shard strategy has no default shard and no fixed list of shards: name one with ?shard=",
  );
}

/** The shard `?shard=` names (checked), or `null` without one. In D1 mode that is the whole target. */
export function namedShard(url: URL, context: AdminContext<unknown>): string | null {
  const named = url.searchParams.getAll("shard");
  if (named.length > 1) throw new HttpError(400, "invalid_shard", "name one shard: ?shard= is given more than once");
  return named.length === 1 ? context.validateShard(named[0]) : null;
}
