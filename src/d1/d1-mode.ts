import { handleAppRequest } from "../app/handle-request.ts";
import type { AppDefinition } from "../app/types.ts";
import { createD1Database } from "../db/d1-database.ts";
import { ConfigError } from "../errors/config-error.ts";
import { errorResponse } from "../http/error-response.ts";
import { createLogger } from "../log/logger.ts";
import { applyD1Migrations } from "../migrations/d1-apply.ts";
import { d1MigrationStatus } from "../migrations/d1-status.ts";
import type { D1Mode } from "../router/types.ts";
import { ensureD1Migrated } from "./auto-migrate.ts";
import { pendingD1Migrations } from "./pending-check.ts";
import { d1BindingOf } from "./d1-binding.ts";

// Lines written while the app runs carry the app's logger name, as in DO mode.
const appLog = createLogger("dorm.app");

/** Options of {@link d1Mode}. */
export interface D1ModeOptions<Env> {
  /** Name of the D1 binding in `env`. Default `"DB"`. */
  readonly binding?: string;
  /**
   * Where each request runs: `"d1"` here on D1, `"do"` (or `undefined`) in
   * the shard's Durable Object. Asked per request, so one bundle can serve
   * either (e.g. `(env) => env.DATABASE_MODE`); any other answer is a
   * `ConfigError`. Without it every request runs on D1.
   */
  readonly mode?: (env: Env) => string | undefined;
  /**
   * Apply pending migrations once per isolate before serving. Default
   * `false`: apply them with `wrangler d1 migrations apply` and `dorm migrate`.
   */
  readonly autoMigrate?: boolean;
}

/**
 * D1 mode for `createWorker`: the router runs the app itself against a D1
 * database instead of forwarding to the shard's Durable Object. Same context,
 * same Access check, same errors, same migrations and ledgers. There is one
 * D1 database, so shards do not isolate data in D1 mode; `ctx.shard` still
 * names the shard the strategy chose.
 *
 * @example
 * ```ts
 * import { d1Mode } from "dorm/d1";
 * export default createWorker<Env>({ binding: "APP", shard, app, d1: d1Mode({ mode: (env) => env.DATABASE_MODE }) });
 * ```
 */
export function d1Mode<Env>(options: D1ModeOptions<Env> = {}): D1Mode<Env> {
  if (typeof options !== "object" || options === null) throw new ConfigError("d1Mode", "needs an options object");
  const { binding = "DB", mode, autoMigrate = false } = options;
  if (typeof binding !== "string" || binding === "") throw new ConfigError("d1Mode.binding", "must be the name of a D1 binding");
  if (mode !== undefined && typeof mode !== "function") {
    throw new ConfigError("d1Mode.mode", 'must be a function of env returning "do" or "d1"');
  }
  if (typeof autoMigrate !== "boolean") throw new ConfigError("d1Mode.autoMigrate", "must be a boolean");
  const active = (env: Env): boolean => {
    if (mode === undefined) return true;
    const value = mode(env) ?? "do";
    if (value === "do" || value === "d1") return value === "d1";
    throw new ConfigError("d1Mode.mode", `returned ${JSON.stringify(value).slice(0, 40)}; expected "do" or "d1"`);
  };
  return {
    always: mode === undefined,
    active,
    async step(state) {
      const { app } = state.config;
      if (!app || !active(state.env)) return undefined;
      const d1 = d1BindingOf(state.env, binding);
      // createWorker drains the unread body before any answer of this step goes out.
      const { requestId } = state;
      if (autoMigrate) {
        const outcome = await ensureD1Migrated(d1, app);
        if (!outcome.ok) {
          return errorResponse(503, "migration_failed", outcome.message, {
            headers: { "retry-after": "30" },
            requestId,
            extra: { file: outcome.file },
          });
        }
      } else {
        const pending = await pendingD1Migrations(d1, app);
        if (pending.length > 0) {
          // As in DO mode, only a caller who passes Access learns which files.
          const refusal = app.access && (await app.access.check(state.request, state.env, { requestId, shard: state.shard ?? "" }));
          return (
            refusal ||
            errorResponse(503, "not_migrated", notMigrated(binding, pending), {
              headers: { "retry-after": "30" },
              requestId,
              extra: { pending },
            })
          );
        }
      }
      return handleAppRequest(app, state.request, {
        env: state.env,
        db: createD1Database(d1),
        shard: state.shard ?? "",
        object: null,
        requestId: state.requestId,
        waitUntil: (promise) => state.ctx.waitUntil(promise),
        log: appLog,
      });
    },
    database(app: AppDefinition<Env>, env: Env) {
      const d1 = d1BindingOf(env, binding);
      return {
        db: createD1Database(d1),
        migrate: () => applyD1Migrations(d1, app.migrations),
        migrations: () => d1MigrationStatus(d1, app.migrations),
        size: () => d1Size(d1),
      };
    },
  };
}

/** What a request answered 503 `not_migrated` is told to do. */
function notMigrated(binding: string, pending: readonly string[]): string {
  const builtin = pending.some((line) => line.startsWith("builtin "));
  return (
    `the D1 database has ${pending.length} migration${pending.length === 1 ? "" : "s"} to apply (${pending.join(", ")}): ` +
    "run `npx dorm migrate` (it applies dorm's built-ins and the app's files)" +
    (builtin ? "" : `, or \`npx wrangler d1 migrations apply ${binding}\` (--local under wrangler dev)`) +
    ", or set d1Mode({ autoMigrate: true })"
  );
}

/** D1 reports the database size as `size_after` of any query. */
async function d1Size(d1: D1Database): Promise<number | null> {
  const { meta } = await d1.prepare("select 1").run();
  const size = (meta as { size_after?: unknown }).size_after;
  return typeof size === "number" && Number.isFinite(size) ? size : null;
}
