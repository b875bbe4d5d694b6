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

/** Configuration of {@link createWorker}. */
export type RouterConfig<Env = unknown> = {
  /** Name of the Durable Object namespace binding in `env`, e.g. `"APP"`. */
  binding: string;
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
