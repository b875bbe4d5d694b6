import type { Database } from "../db/types.ts";
import type { MigrationFile, MigrationSet } from "../migrations/types.ts";
import type { AppAdmin, CreateAdminFn } from "./admin-types.ts";
import type { ObjectFeature } from "./object-feature.ts";
import type { R2Storage } from "../storage/r2-storage.ts";

/**
 * The caller, as the Access check found them: a person (a `dorm_users` row)
 * or a service token (`service` set, no row). `null` in the context when
 * Access is off or the path is exempt.
 */
export interface AppUser {
  /** The `dorm_users` id; `null` for a service token. */
  readonly id: number | null;
  readonly email: string | null;
  /** First and last name joined, or `null` when the row has none. */
  readonly name: string | null;
  readonly isActive: boolean;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  /** Set for Access service tokens (their `common_name`), which have no email and no user row. */
  readonly service: string | null;
  /** The verified token's claims (never the token itself). */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** What every request handler receives next to the request. */
export interface AppContext<Env = unknown> {
  readonly env: Env;
  /** The shard's database: the object's SQLite storage, or D1 in D1 mode. */
  readonly db: Database;
  /** The shard name the router chose (the object's `ctx.id.name`). */
  readonly shard: string;
  /**
   * The hosting Durable Object's state (its `ctx`: storage, alarms,
   * WebSockets); `null` when the app runs in the router on D1. What features
   * such as sockets and schedules build on.
   */
  readonly object: DurableObjectState | null;
  readonly user: AppUser | null;
  /**
   * The shard's file storage, from `defineApp({ files })`, built on first use.
   * Throws `ConfigError` when the app configured none.
   */
  readonly files: R2Storage;
  /** Also in the `x-dorm-request-id` header and in dorm's log lines. */
  readonly requestId: string;
  /** Keeps the object or worker alive until `promise` settles. */
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Anything with a `fetch(request, ctx)`: an itty-router `Router()` or a plain
 * object. A method (not a property) so an app typed for its own `Env` fits.
 */
export interface AppHandler<Env = unknown> {
  fetch(request: Request, ctx: AppContext<Env>): Response | Promise<Response>;
}

/**
 * How an app builds its storage per request: called with the environment and
 * the shard name, in the Durable Object and (D1 mode) in the router alike.
 */
export type FilesFactory<Env> = (env: Env, shard: string) => R2Storage;

/** Where a request stands when the app's Access check runs. */
export interface AccessScope<Env> {
  readonly env: Env;
  readonly db: Database;
  readonly shard: string;
  readonly requestId: string;
}

/** What the router's Access step is built from: `createWorker`'s configuration. */
export interface AccessRouterConfig<Env> {
  readonly access?: AppAccess<Env> | false | undefined;
  readonly app?: AppDefinition<Env> | undefined;
}

/**
 * What the router's Access step sees of a request, the shard already named.
 * `env` is the router's, typed `unknown` here so that an app typed for its own
 * `Env` still fits wherever an app is expected.
 */
export interface AccessRouterState {
  readonly request: Request;
  readonly env: unknown;
  readonly requestId: string;
  readonly shard?: string;
}

/**
 * What dorm's core asks of an authentication feature. `dorm/access` provides
 * one (`accessFromEnv`, `access`); the core never imports it, so an app without
 * Access bundles none of its code.
 */
export interface AppAccess<Env = unknown> {
  /** Built-in migrations the feature needs (the users table), applied before the app's. */
  readonly migrations: readonly MigrationFile[];
  /**
   * The token check alone, with no database: `null` when the request may pass
   * (verified, exempt, or Access off for this `env`), else the refusal to
   * answer, at the app stage (the object, or the app in D1 mode) for `shard`.
   */
  check(request: Request, env: Env, context: { readonly requestId: string; readonly shard: string }): Promise<Response | null>;
  /**
   * Builds the router's Access step, once, when `createWorker` is created:
   * the token check with the shard already named, then the feature's own
   * authorization, or `null`/`undefined` for no step. `router.access` is the
   * router's own setting (`false`: no pre-check), `router.app` its app. The
   * core only asks; the feature decides (and refuses a configuration that
   * would skip its authorization), so an app without Access bundles none of it.
   */
  routerStep(router: AccessRouterConfig<Env>): ((state: AccessRouterState) => Promise<Response | undefined>) | null;
  /**
   * The whole check of one request inside the shard: `null` for an exempt path
   * or with Access off, the caller once verified (their row created or
   * updated), or the refusal to answer (401, 403 for an inactive user).
   */
  authenticate(request: Request, scope: AccessScope<Env>): Promise<AppUser | Response | null>;
  /** The `createAdmin` operation: the users live with this feature. */
  readonly createAdmin: CreateAdminFn;
}

/** An application as dorm runs it, in a Durable Object or (D1 mode) in the router. */
export interface AppDefinition<Env = unknown> {
  readonly handler: AppHandler<Env>;
  /** The built-ins of the app's features and the app's files (from its manifest), validated. */
  readonly migrations: MigrationSet;
  /** Builds the storage behind `ctx.files` for a shard (optional). */
  files?(env: Env, shard: string): R2Storage;
  /** Cloudflare Access for this app, checked by the object and in D1 mode; absent: off. */
  readonly access?: AppAccess<Env> | undefined;
  /** The admin RPC methods and routes; absent: they answer `not_available`. */
  readonly admin?: AppAdmin | undefined;
  /** Features that live in the Durable Object (`sockets`, `schedule`), in that order. */
  readonly objectFeatures: readonly ObjectFeature<Env>[];
}
