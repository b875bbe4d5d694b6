import type { RouterState } from "../types.ts";
import { validateShardName } from "../shard-name.ts";

/**
 * Router step: asks the strategy for the shard and validates the name, so
 * every later step (and the object) can trust `state.shard`. A refused name
 * answers 400 before any stub exists, so no object is created for it.
 */
export async function resolveShard<Env>(state: RouterState<Env>): Promise<undefined> {
  const { shard, shardPattern } = state.config;
  state.shard = validateShardName(await shard.resolve(state.request, state.env), shardPattern, shard.source);
  return undefined;
}
