import type { AppAccess, AppDefinition } from "../app/types.ts";
import type { AdminOutcome, AdminRequest, ShardDatabase } from "../app/admin-types.ts";

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
  /** Where a request names its shard, for the 400 of a request that names none (`the "x-tenant" header`). */
  readonly source?: string;
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

/** What the admin routes call on a shard's stub: `DurableApp.dormAdmin`. */
export type AdminStub = { dormAdmin(request: AdminRequest): Promise<AdminOutcome> };

/**
 * What the router asks of its admin routes (`adminRoutes()` from
 * `dorm/admin`). They answer first, before Access, which never applies to them.
 */
export interface AdminRoutes<Env> {
  /** The router's first step: answers the admin routes' paths, passes every other request on. */
  step(state: RouterState<Env>): Promise<Response | undefined>;
}

/** What the router asks of D1 mode (`d1Mode()` from `dorm/d1`). */
export interface D1Mode<Env> {
  /** Whether every request runs on D1, so no Durable Object binding is needed. */
  readonly always: boolean;
  /** Whether this request runs on D1 (asked per request: the mode may come from a var). */
  active(env: Env): boolean;
  /** The router's step after the shard is named: runs the app here on D1 when `active`, else passes. */
  step(state: RouterState<Env>): Promise<Response | undefined>;
  /** The D1 database with the app's migrations, for the admin operations. */
  database(app: AppDefinition<Env>, env: Env): ShardDatabase;
}

/** Configuration of {@link createWorker}. */
export type RouterConfig<Env = unknown> = {
  /**
   * Name of the Durable Object namespace binding in `env`, e.g. `"APP"`.
   * Required unless `d1` always runs on D1.
   */
  binding?: string;
  /** How a request is mapped to a shard name. */
  shard: ShardStrategy<Env>;
  /**
   * The app (the same definition the Durable Object hosts): the router checks
   * its Access before any object, and runs it in D1 mode.
   */
  app?: AppDefinition<Env>;
  /**
   * The Access pre-check before any object is created or woken. Default: the
   * app's `access`; `false` turns the pre-check off (the object still checks).
   */
  access?: AppAccess<Env> | false;
  /**
   * The admin routes `/_dorm/admin/…` (`adminRoutes()` from `dorm/admin`), to
   * the admin operations of the app's objects (`defineApp({ admin })`).
   */
  admin?: AdminRoutes<Env> | undefined;
  /** D1 mode: `d1Mode({...})` from `dorm/d1` runs `app` here against D1. */
  d1?: D1Mode<Env>;
  /** Shard names must match this; default `^[a-z0-9][a-z0-9-]{0,62}$`. No `g`/`y` flags. */
  shardPattern?: RegExp;
  /** Passed to `namespace.get` so new objects start near the given region. */
  locationHint?: DurableObjectLocationHint;
  /** Applied with `namespace.jurisdiction(…)` before any id is derived. */
  jurisdiction?: DurableObjectJurisdiction;
  /**
   * Replaces how stubs are opened.
   * @internal Tests use it to stand in for runtime errors workerd cannot produce on demand.
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

/** The router's configuration after validation, with defaults filled in. */
export type ResolvedRouterConfig<Env> = Readonly<
  RouterConfig<Env> & { binding: string; shardPattern: RegExp; getStub: GetStub }
>;

/**
 * What one request carries through the router's steps. Steps may fill in
 * later fields (`shard` is set by the shard step) for the steps after them.
 */
export type RouterState<Env> = {
  /** The client's request with reserved headers replaced; forward this one. */
  request: Request;
  env: Env;
  ctx: ExecutionContext;
  requestId: string;
  config: ResolvedRouterConfig<Env>;
  /** The validated shard name, once the shard step has run. */
  shard?: string;
};

/**
 * One stage of the router. Returning a `Response` answers the request and
 * ends the pipeline; returning `undefined` passes it to the next step.
 * Throwing is fine: the edge turns `HttpError`s into their status and
 * anything else into a logged, generic 500.
 */
export type RouterStep<Env> = (
  state: RouterState<Env>,
) => Response | undefined | Promise<Response | undefined>;
