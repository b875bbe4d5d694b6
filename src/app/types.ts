import type { Database } from "../db/types.ts";
import type { MigrationSet } from "../migrations/types.ts";

/**
 * The identity of the request's caller. Filled in by the Access check (a later
 * part of dorm); until Access is configured it is `null` for every request.
 */
export interface AppUser {
  readonly email: string | null;
  readonly name: string | null;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  /** Set for Access service tokens, which have no email and no user row. */
  readonly service: string | null;
}

/** What every request handler receives next to the request. */
export interface AppContext<Env = unknown> {
  readonly env: Env;
  /** The shard's database: the object's SQLite storage, or D1 in D1 mode. */
  readonly db: Database;
  /** The shard name the router chose (the object's `ctx.id.name`). */
  readonly shard: string;
  readonly user: AppUser | null;
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
}
