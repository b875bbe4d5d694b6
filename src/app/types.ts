import type { AccessSetting } from "../access/types.ts";
import type { Database } from "../db/types.ts";
import type { MigrationSet } from "../migrations/types.ts";
import type { FilesFactory } from "../storage/files-factory.ts";
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
  readonly user: AppUser | null;
  /**
   * The shard's file storage, from `defineApp({ files })`, built on first use.
   * Throws `ConfigError` when the app configured none.
   */
  readonly files: R2Storage;
  /** Also in the `x-dorm-request-id` of logs; useful in app log lines. */
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

/** An application as dorm runs it, in a Durable Object or (D1 mode) in the router. */
export interface AppDefinition<Env = unknown> {
  readonly handler: AppHandler<Env>;
  /** dorm's built-in migrations and the app's files (from its manifest), validated. */
  readonly migrations: MigrationSet;
  /** Builds the storage behind `ctx.files` for a shard (optional). */
  readonly files?: FilesFactory<Env>;
  /** Cloudflare Access for this app (`null`: off), checked by the object and in D1 mode. */
  readonly access?: AccessSetting<Env>;
}
