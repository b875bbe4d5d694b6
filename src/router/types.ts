import type { AccessSetting } from "../access/types.ts";
import type { AppDefinition } from "../app/types.ts";

/**
 * Names the Durable Object (the shard) that serves a request.
 *
 * `resolve` returns the shard name, or `null` when the request carries none
 * (the router answers 400 `invalid_shard`). It may throw an `HttpError` to
 * answer with another status. The router validates whatever it returns, so a
 * strategy never has to.
 *
 * `defaultShard` and `shards` tell the admin routes which objects to address
 * when a call names no `?shard=`: the strategy's default shard where it has one,
 * or every shard of a fixed ring.
 */
export type ShardStrategy<Env = unknown> = {
  resolve(request: Request, env: Env): string | null | Promise<string | null>;
  readonly defaultShard?: string;
  readonly shards?: readonly string[];
};

/** What the router needs from a Durable Object stub: a way to forward a request. */
export type ForwardTarget = {
  fetch(request: Request): Promise<Response>;
};

/** Options the router passes when it opens a stub (today only the location hint). */
export type StubOptions = {
  locationHint?: DurableObjectLocationHint;
};

/**
 * Opens the stub for one shard. The default is
 * `namespace.get(namespace.idFromName(name), options)`; the namespace it
 * receives already has the configured jurisdiction applied.
 */
export type GetStub = (
  namespace: DurableObjectNamespace,
  name: string,
  options: StubOptions,
) => ForwardTarget;

/** Where the app runs: in the shard's Durable Object, or in the router on D1. */
export type DatabaseMode = "do" | "d1";

/** Configuration of {@link createWorker}. */
export type RouterConfig<Env = unknown> = {
  /**
   * Name of the Durable Object namespace binding in `env`, e.g. `"APP"`.
   * Required unless `mode` is the constant `"d1"`.
   */
  binding?: string;
  /**
   * `"do"` (default): forward to the shard's Durable Object. `"d1"`: run `app`
   * in this worker against the D1 binding `d1Binding`. A function is asked on
   * every request, so one bundle can serve either (e.g. from a var).
   */
  mode?: DatabaseMode | ((env: Env) => string | undefined);
  /** The app to run in D1 mode (the same definition the Durable Object hosts). */
  app?: AppDefinition<Env>;
  /** Name of the D1 binding used in D1 mode; default `"DB"`. */
  d1Binding?: string;
  /**
   * In D1 mode, apply pending migrations once per isolate before serving.
   * Default `false`: apply them with `wrangler d1 migrations apply` or `dorm migrate`.
   */
  d1AutoMigrate?: boolean;
  /**
   * The bearer token of the admin routes `/_dorm/admin/…`, read per request
   * (it is a secret in `env`). Default: `env.ADMIN_TOKEN`. Unset, empty or
   * shorter than 16 characters: every admin request answers 401.
   */
  adminToken?: (env: Env) => string | undefined;
  /**
   * Cloudflare Access pre-check before any object is created or woken (and
   * before the app in D1 mode). Default: the app's `access` (`app` option);
   * `false` turns the pre-check off (the object still checks). Admin routes
   * are never subject to it.
   */
  access?: AccessSetting<Env> | false;
  /** How a request is mapped to a shard name. */
  shard: ShardStrategy<Env>;
  /** Shard names must match this; default `^[a-z0-9][a-z0-9-]{0,62}$`. No `g`/`y` flags. */
  shardPattern?: RegExp;
  /** Passed to `namespace.get` so new objects start near the given region. */
  locationHint?: DurableObjectLocationHint;
  /** Applied with `namespace.jurisdiction(…)` before any id is derived. */
  jurisdiction?: DurableObjectJurisdiction;
  /**
   * Replaces how stubs are opened. Meant for tests that must stand in for
   * runtime errors workerd cannot produce on demand (retryable, overloaded).
   */
  getStub?: GetStub;
};

/**
 * The worker's default export. `fetch` is always present, so callers (and
 * tests) need no non-null assertion; it is assignable to `ExportedHandler<Env>`.
 */
export type RouterWorker<Env = unknown> = {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
};
