import { ConfigError } from "../errors/config-error.ts";
import { expectFeature } from "../errors/expect-feature.ts";
import { DEFAULT_SHARD_PATTERN, MAX_SHARD_NAME_LENGTH } from "./shard-name.ts";
import type { GetStub, ResolvedRouterConfig, RouterConfig } from "./types.ts";

/** Region and jurisdiction codes are short lower-case words ("weur", "fedramp-high"). */
const CODE = /^[a-z]+(-[a-z]+)*$/;

const defaultGetStub: GetStub = (namespace, name, options) => namespace.get(namespace.idFromName(name), options);

/**
 * Checks a router configuration once, when the worker is created, so a
 * mistake fails the deploy's first request loudly instead of some requests
 * later; every error names its option.
 */
export function validateConfig<Env>(config: RouterConfig<Env>): ResolvedRouterConfig<Env> {
  if (typeof config !== "object" || config === null) throw new ConfigError("createWorker", "needs an options object");
  const { binding, shard, shardPattern = DEFAULT_SHARD_PATTERN, app, d1 } = config;
  if (!d1?.always && (typeof binding !== "string" || binding === "")) {
    throw new ConfigError("binding", "must name the Durable Object binding");
  }
  if (typeof shard?.resolve !== "function") throw new ConfigError("shard", "must be a strategy such as byHeader()");
  if (app !== undefined && typeof app?.handler?.fetch !== "function") throw new ConfigError("app", "must come from defineApp()");
  expectFeature(d1, "d1", "step", "d1Mode() of dorm/d1");
  expectFeature(config.admin, "admin", "step", "adminRoutes() of dorm/admin");
  if (config.access !== false) expectFeature(config.access, "access", "check", "dorm/access, or be false");
  if (d1 && !app) throw new ConfigError("app", "is required with d1 (the router runs it)");
  // test() on a g/y RegExp resumes at lastIndex: a name would pass, then fail.
  if (!(shardPattern instanceof RegExp) || shardPattern.global || shardPattern.sticky) {
    throw new ConfigError("shardPattern", "must be a RegExp without the g or y flag");
  }
  for (const option of ["locationHint", "jurisdiction"] as const) {
    const value = config[option];
    if (value !== undefined && !CODE.test(value)) throw new ConfigError(option, 'must be a code such as "weur" or "eu"');
  }
  // Names the admin routes address must be ones a request could reach.
  const reachable = (name: unknown) => typeof name === "string" && name.length <= MAX_SHARD_NAME_LENGTH && shardPattern.test(name);
  if ((shard.defaultShard !== undefined && !reachable(shard.defaultShard)) || !(shard.shards ?? []).every(reachable)) {
    throw new ConfigError("shard", "names a shard that does not match shardPattern");
  }
  return Object.freeze({ ...config, binding: binding ?? "", shardPattern, getStub: config.getStub ?? defaultGetStub });
}
