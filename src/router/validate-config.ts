import { ConfigError } from "../errors/config-error.ts";
import { DEFAULT_SHARD_PATTERN, MAX_SHARD_NAME_LENGTH } from "./shard-name.ts";
import type { GetStub, RouterConfig } from "./types.ts";

/** The router's configuration after validation, with defaults filled in. */
export type ResolvedRouterConfig<Env> = Readonly<
  RouterConfig<Env> & { binding: string; shardPattern: RegExp; getStub: GetStub }
>;

/** Region and jurisdiction codes are short lower-case words ("weur", "fedramp-high"). */
const CODE = /^[a-z]+(-[a-z]+)*$/;

const defaultGetStub: GetStub = (namespace, name, options) =>
  namespace.get(namespace.idFromName(name), options);

/**
 * Checks a router configuration once, when the worker is created, so a
 * mistake fails the deploy's first request loudly instead of some requests
 * later; every error names its option.
 */
export function validateConfig<Env>(config: RouterConfig<Env>): ResolvedRouterConfig<Env> {
  if (typeof config !== "object" || config === null) {
    throw new ConfigError("config", "createWorker needs a configuration object");
  }
  const { binding, shard, shardPattern = DEFAULT_SHARD_PATTERN, app, d1, access, admin } = config;
  if (!config.d1?.always && (typeof binding !== "string" || binding.length === 0)) {
    throw new ConfigError("binding", "must be the name of a Durable Object namespace binding");
  }
  if (typeof shard !== "object" || shard === null || typeof shard.resolve !== "function") {
    throw new ConfigError("shard", "must be a shard strategy such as singleton() or byHeader()");
  }
  if (app !== undefined && (typeof app !== "object" || app === null || typeof app.handler?.fetch !== "function")) {
    throw new ConfigError("app", "must be the app's defineApp({...})");
  }
  feature(d1, "d1", ["active", "run", "database"], "d1Mode({...}) from dorm/d1");
  feature(admin, "admin", ["owns", "handle"], "adminRoutes() from dorm/admin");
  if (access !== false) feature(access, "access", ["check", "authenticate"], "accessFromEnv(...) from dorm/access, or false");
  if (d1 && !app) throw new ConfigError("app", "D1 mode runs the app in the router: pass app: defineApp({...})");
  if (!(shardPattern instanceof RegExp)) {
    throw new ConfigError("shardPattern", "must be a RegExp");
  }
  if (shardPattern.global || shardPattern.sticky) {
    // test() on a g/y RegExp resumes at lastIndex, so the same name would
    // pass on one request and fail on the next.
    throw new ConfigError("shardPattern", "must not have the g or y flag");
  }
  for (const option of ["locationHint", "jurisdiction"] as const) {
    const value = config[option];
    if (value !== undefined && (typeof value !== "string" || !CODE.test(value))) {
      throw new ConfigError(option, 'must be a region code such as "weur" or "eu"');
    }
  }
  if (config.getStub !== undefined && typeof config.getStub !== "function") {
    throw new ConfigError("getStub", "must be a function (namespace, name, options) => stub");
  }
  // Names the admin routes will address must be ones a request could reach.
  const valid = (name: unknown) =>
    typeof name === "string" && name.length <= MAX_SHARD_NAME_LENGTH && shardPattern.test(name);
  if (shard.defaultShard !== undefined && !valid(shard.defaultShard)) {
    throw new ConfigError("shard.defaultShard", "does not match shardPattern");
  }
  if (shard.shards !== undefined && !shard.shards.every(valid)) {
    throw new ConfigError("shard.shards", "every shard name must match shardPattern");
  }
  return Object.freeze({ ...config, binding: binding ?? "", shardPattern, getStub: config.getStub ?? defaultGetStub });
}

/** A feature option is absent, or an object with the methods the router calls. */
function feature(value: unknown, option: string, methods: readonly string[], expected: string): void {
  if (value === undefined) return;
  const valid =
    typeof value === "object" &&
    value !== null &&
    methods.every((method) => typeof (value as Record<string, unknown>)[method] === "function");
  if (!valid) throw new ConfigError(option, `must be ${expected}`);
}
