import { DurableObject } from "cloudflare:workers";
import { createDoDatabase } from "../db/do-database.ts";
import type { Database } from "../db/types.ts";
import { ConfigError } from "../errors/config-error.ts";
import { discardBody } from "../http/discard-body.ts";
import { errorResponse } from "../http/error-response.ts";
import { requestIdOf } from "../http/request-id.ts";
import { createLogger, describeError } from "../log/logger.ts";
import { migrateDo } from "../migrations/do-apply.ts";
import { MigrationError } from "../migrations/migration-error.ts";
import type { AppliedMigration, MigrationStatus } from "../migrations/types.ts";
import { AdminError } from "./admin-error.ts";
import type { AdminOperations, AdminOutcome, AdminRequest } from "./admin-types.ts";
import type { CreateAdminInput, CreateAdminResult, DatabaseStats } from "./admin-types.ts";
import { handleAppRequest } from "./handle-request.ts";
import type { ObjectScope } from "./object-feature.ts";
import type { AppDefinition } from "./types.ts";

const log = createLogger("dorm.app");

const NOT_AVAILABLE = "needs defineApp({ admin: adminApi() })";

/** Why the object refuses requests: the migration that failed at start-up. */
interface MigrationFailure {
  readonly message: string;
  readonly file: string;
}

/**
 * The base class of a dorm application's Durable Object. Subclass it, point
 * `static app` at your `defineApp(...)`, and bind the class in wrangler.toml.
 *
 * One initialisation runs inside `blockConcurrencyWhile` in the constructor
 * (built-in then app migrations when `autoMigrate`, then `onStart`), so no
 * entry point, RPC methods included, runs before it. A failed migration does
 * not crash the object: requests answer 503 `migration_failed` naming the
 * file, while the admin RPC methods keep working.
 *
 * @example
 * ```ts
 * export class NotesApp extends DurableApp<Env> {
 *   static override app = notesApp;
 * }
 * ```
 */
export class DurableApp<Env = unknown> extends DurableObject<Env> implements AdminOperations {
  /** The app this object hosts. Required: set it on your subclass. */
  static app: AppDefinition<never> | undefined = undefined;
  /** Apply pending migrations when the object starts (default: on). */
  static autoMigrate = true;

  readonly #db: Database;
  /** The subclass's `static app`, read once (a missing one fails the constructor, naming it). */
  readonly #app: AppDefinition<Env>;
  #operations: AdminOperations | undefined;
  #migrationFailure: MigrationFailure | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#db = createDoDatabase(ctx.storage);
    // The features that live here serve their entry points (alarm, WebSocket
    // events) as the object's own, so they are set in the constructor itself:
    // workerd reads an object's handlers when the constructor returns, before
    // blockConcurrencyWhile's callback runs (the vitest pool's wrapper looks
    // them up later, which hid this). They see the object through
    // ObjectScope: its ctx, env, db and onAlarm.
    const app = (this.constructor as typeof DurableApp).app as AppDefinition<Env> | undefined;
    if (!app) throw new ConfigError(`${this.constructor.name}.app`, "set `static app = defineApp({...})`");
    this.#app = app;
    for (const feature of app.objectFeatures) Object.assign(this, feature.attach(this as unknown as ObjectScope<Env>));
    void ctx.blockConcurrencyWhile(() => this.#initialize());
  }

  /** The object's database (its SQLite storage), for RPC methods and hooks. */
  protected get db(): Database {
    return this.#db;
  }

  /** The shard name this object was addressed by (`idFromName`). */
  protected get shard(): string {
    return this.ctx.id.name ?? this.ctx.id.toString();
  }

  /** Runs once after migrations, before any request. Override to warm caches. */
  protected onStart(): void | Promise<void> {}

  /** Runs when the object's alarm fires. Override; the default does nothing. */
  protected onAlarm(_info?: AlarmInvocationInfo): void | Promise<void> {}

  override async fetch(request: Request): Promise<Response> {
    const requestId = requestIdOf(request);
    const app = this.#app;
    if (this.#migrationFailure) {
      // Only a caller who passes Access learns which migration failed.
      const refusal = app.access && (await app.access.check(request, this.env, { requestId, shard: this.shard }));
      await discardBody(request.body);
      if (refusal) return refusal;
      return errorResponse(503, "migration_failed", this.#migrationFailure.message, {
        headers: { "retry-after": "30" },
        requestId,
        extra: { file: this.#migrationFailure.file },
      });
    }
    return handleAppRequest(app, request, {
      env: this.env,
      db: this.#db,
      shard: this.shard,
      object: this.ctx,
      requestId,
      waitUntil: (promise) => this.ctx.waitUntil(promise),
      log,
    });
  }

  override async alarm(info?: AlarmInvocationInfo): Promise<void> {
    await this.onAlarm(info);
  }

  // Admin RPC: thin methods over the app's admin feature (dorm/admin). They
  // work while a failed migration keeps requests at 503, so that state can be
  // inspected and fixed.

  /** Admin RPC: applies pending migrations; resolves to what this call applied. Throws `MigrationError`. */
  async migrate(): Promise<AppliedMigration[]> {
    const applied = await this.#admin().migrate();
    if (this.#migrationFailure) {
      // Everything applies now: serve again, after the onStart the failure skipped.
      this.#migrationFailure = null;
      await this.ctx.blockConcurrencyWhile(async () => this.onStart());
    }
    return applied;
  }

  /** Admin RPC: applied migrations (time, checksum status), pending ones, and ledger rows without a file. */
  async migrations(): Promise<MigrationStatus> {
    return this.#admin().migrations();
  }

  /** Admin RPC: makes `email` a staff superuser in `dorm_users` (needs Access). Throws `AdminError`. */
  async createAdmin(input: CreateAdminInput): Promise<CreateAdminResult> {
    return this.#admin().createAdmin(input);
  }

  /** Admin RPC: tables with row counts, the migration ledgers, and the database size in bytes. */
  async stats(): Promise<DatabaseStats> {
    return this.#admin().stats();
  }

  /**
   * The router's entry to the methods above (`/_dorm/admin/…`): the outcome as
   * plain data, not as a thrown error whose code depends on RPC's error
   * serialization (message only before compatibility date 2026-04-21).
   */
  async dormAdmin(request: AdminRequest): Promise<AdminOutcome> {
    const { admin } = this.#app;
    // As data, like every outcome here, so the admin routes report the code.
    return admin ? admin.run(request, this) : { ok: false, error: { code: "not_available", message: NOT_AVAILABLE } };
  }

  #admin(): AdminOperations {
    const app = this.#app;
    if (!app.admin) throw new AdminError("not_available", NOT_AVAILABLE);
    return (this.#operations ??= app.admin.objectOperations(this.ctx.storage, this.#db, app));
  }

  async #initialize(): Promise<void> {
    const app = this.#app;
    if ((this.constructor as typeof DurableApp).autoMigrate) {
      try {
        const { changed } = await migrateDo(this.ctx.storage, app.migrations);
        // Served as it is (the database holds what the applied text made), but said at every start.
        if (changed.length > 0) {
          log.error("applied migrations edited since: revert them, add new files", { shard: this.shard, changed });
        }
      } catch (error) {
        if (!(error instanceof MigrationError)) throw error;
        this.#migrationFailure = { message: error.message, file: error.file };
        log.error("migration failed; requests answer 503 until it is fixed", {
          shard: this.shard,
          file: error.file,
          error: describeError(error),
        });
        return;
      }
    }
    await this.onStart();
  }
}
