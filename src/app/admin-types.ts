import type { Database } from "../db/types.ts";
import type { AppliedMigration, MigrationRef, MigrationSet, MigrationStatus } from "../migrations/types.ts";
import type { AdminOperationName } from "./admin-operation-name.ts";
import type { ScheduleListing, ScheduleListOptions } from "./schedule-listing.ts";

export type { AdminOperationName } from "./admin-operation-name.ts";

/** What `createAdmin` accepts. `name` is optional and split into first and last name. */
export interface CreateAdminInput {
  readonly email: string;
  readonly name?: string | null;
}

/** A `dorm_users` row as the admin operations return it: flags as booleans. */
export interface AdminUserRow {
  readonly id: number;
  readonly email: string;
  readonly username: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly is_active: boolean;
  readonly is_staff: boolean;
  readonly is_superuser: boolean;
  readonly last_login: string | null;
  readonly date_joined: string;
}

/** What `createAdmin` did: `created` is false when an existing user was promoted. */
export interface CreateAdminResult {
  readonly created: boolean;
  readonly user: AdminUserRow;
}

/** One table and its row count. */
export interface TableStats {
  readonly name: string;
  readonly rows: number;
}

/**
 * What `stats` reports. `tables` are the app's tables and dorm's `dorm_users`;
 * `ledgers` are the migration ledgers (`d1_migrations`, `_dorm_migrations`),
 * kept apart so they do not read as app data. The runtime's own tables
 * (`_cf_…`, `sqlite_…`, local dev's `__miniflare_…`) are skipped. `databaseSize` is in bytes (`null` when
 * the engine does not say).
 */
export interface DatabaseStats {
  readonly tables: readonly TableStats[];
  readonly ledgers: readonly TableStats[];
  readonly databaseSize: number | null;
}

/** What the `migrate` operation reports over HTTP: the files this call applied. */
export interface MigrateResult {
  readonly applied: readonly AppliedMigration[];
  /** Applied files edited since they were applied (reported, never re-run: revert them, or add a new file). */
  readonly changed: readonly MigrationRef[];
}

/**
 * One shard's database as the admin operations see it, on either engine:
 * `DurableApp` builds it over the object's storage, D1 mode over D1.
 */
export interface ShardDatabase {
  readonly db: Database;
  /** Applies the pending migrations; resolves to what this call applied. */
  migrate(): Promise<AppliedMigration[]>;
  migrations(): Promise<MigrationStatus>;
  /** The database size in bytes, `null` when the engine does not say. */
  size(): number | null | Promise<number | null>;
}

/** How an app makes someone an admin: the users feature (`dorm/access`) provides it. */
export type CreateAdminFn = (db: Database, input: CreateAdminInput) => Promise<CreateAdminResult>;

/**
 * The four admin operations over one database. `DurableApp` has them as RPC
 * methods; D1 mode builds them over the D1 database (`shardOperations`).
 */
export interface AdminOperations {
  /** Applies pending migrations; resolves to what this call applied. Throws `MigrationError`. */
  migrate(): Promise<AppliedMigration[]>;
  migrations(): Promise<MigrationStatus>;
  /** Creates the user as staff and superuser, or promotes an existing one. Throws `AdminError`. */
  createAdmin(input: CreateAdminInput): Promise<CreateAdminResult>;
  stats(): Promise<DatabaseStats>;
}

/** One admin call, as the router sends it to a shard. */
export type AdminRequest =
  | { readonly op: "migrate" }
  | { readonly op: "migrations" }
  | { readonly op: "create-admin"; readonly input: CreateAdminInput }
  | { readonly op: "stats" }
  // Served by dorm/schedule's scheduler, when the app has one: no DurableApp method.
  | { readonly op: "schedules"; readonly input?: ScheduleListOptions };

/** The result of each operation, by name. */
export interface AdminResults {
  migrate: MigrateResult;
  migrations: MigrationStatus;
  "create-admin": CreateAdminResult;
  stats: DatabaseStats;
  schedules: ScheduleListing;
}

/**
 * Why an operation failed, as plain data: the object sends the code (and a
 * failed migration's file and what was applied before it) this way, so the
 * router does not depend on how RPC serializes errors (before compatibility
 * date 2026-04-21 it kept only the message).
 */
export interface AdminFailure {
  readonly code: string;
  readonly message: string;
  /** `migration_failed`: the file that failed and was rolled back. */
  readonly file?: string;
  /** `migration_failed`: what the call applied before that file (stays applied). */
  readonly applied?: readonly AppliedMigration[];
}

/** An operation's outcome as plain data (what `DurableApp.dormAdmin` resolves to). */
export type AdminOutcome<R = AdminResults[AdminOperationName]> =
  | { readonly ok: true; readonly result: R }
  | { readonly ok: false; readonly error: AdminFailure };

/** What the admin operations need of an app: its migrations, and its users (Access) for createAdmin. */
export interface AdminApp {
  readonly migrations: MigrationSet;
  readonly access?: { readonly createAdmin: CreateAdminFn } | undefined;
}

/**
 * What dorm's core asks of the admin feature (`adminApi()` from `dorm/admin`,
 * given to `defineApp({ admin })`): the operations behind the object's admin
 * RPC methods, so an app without it bundles none of them. The router's routes
 * to them are mounted apart (`createWorker({ admin: adminRoutes() })`).
 */
export interface AppAdmin {
  /** The operations over a Durable Object's storage (DurableApp's RPC methods). */
  objectOperations(storage: DurableObjectStorage, db: Database, app: AdminApp): AdminOperations;
  /** Runs one request, reporting the outcome as plain data (`DurableApp.dormAdmin`). */
  run(request: AdminRequest, operations: AdminOperations): Promise<AdminOutcome>;
}
