import type { AdminContext, AdminOperations, AdminRequest, AdminRoutes, AppAdmin } from "../app/admin-types.ts";
import { ConfigError } from "../errors/config-error.ts";
import { HttpError } from "../errors/http-error.ts";
import { createLogger } from "../log/logger.ts";
import { applyDoMigrations } from "../migrations/do-apply.ts";
import { doMigrationStatus } from "../migrations/do-status.ts";
import { callShard } from "./call-shard.ts";
import { fanOut } from "./fan-out.ts";
import { ADMIN_FANOUT_CONCURRENCY } from "./protocol.ts";
import type { ShardReport } from "./report.ts";
import { jsonAnswer, streamAnswer, wantsStream } from "./respond.ts";
import { adminRequestOf, isAdminPath } from "./routes.ts";
import { runAdminOperation } from "./run-operation.ts";
import { shardOperations } from "./shard-operations.ts";
import { adminShards, namedShard } from "./targets.ts";
import { checkAdminToken } from "./token.ts";
import type { TokenRefusal } from "./token.ts";

const log = createLogger("dorm.admin");

/** Options of {@link adminApi}. */
export interface AdminApiOptions<Env> {
  /**
   * The bearer token of the admin routes, read per request (it is a secret in
   * `env`). Default: `env.ADMIN_TOKEN`. Unset, empty or shorter than 16
   * characters: every admin request answers 401.
   */
  readonly token?: (env: Env) => string | undefined;
}

/** The default `token`: the worker's `ADMIN_TOKEN` var or secret. */
const envAdminToken = (env: unknown): string | undefined => {
  const value = typeof env === "object" && env !== null ? (env as Record<string, unknown>).ADMIN_TOKEN : undefined;
  return typeof value === "string" ? value : undefined;
};

/** Where one admin call runs: every named shard's object, or the one D1 database. */
type Plan =
  | { readonly engine: "do"; readonly shards: readonly string[] }
  | { readonly engine: "d1"; readonly shard: string | null; readonly operations: AdminOperations };

/**
 * Admin operations for `defineApp({ admin })`: `migrate`, `migrations`,
 * `createAdmin` and `stats` as RPC methods of the app's `DurableApp`, and the
 * router's routes for them (`POST /_dorm/admin/migrate`, `GET …/migrations`,
 * `POST …/create-admin`, `GET …/stats`) behind `Authorization: Bearer <token>`
 * and before Access. The router calls each shard over RPC, six at a time; in
 * D1 mode the operation runs once, in the router, against D1. The `dorm` CLI
 * speaks to these routes.
 *
 * @example
 * ```ts
 * import { adminApi } from "dorm/admin";
 * export const app = defineApp<Env>({ fetch: router, migrations, admin: adminApi({ token: (env) => env.ADMIN_TOKEN }) });
 * ```
 */
export function adminApi<Env>(options: AdminApiOptions<Env> = {}): AppAdmin<Env> {
  if (typeof options !== "object" || options === null) throw new ConfigError("adminApi", "needs an options object");
  if (options.token !== undefined && typeof options.token !== "function") {
    throw new ConfigError("adminApi.token", "must be a function (env) => string | undefined");
  }
  return {
    objectOperations(storage, db, app) {
      const shard = {
        db,
        migrate: () => applyDoMigrations(storage, app.migrations),
        migrations: () => doMigrationStatus(storage, app.migrations),
        size: () => storage.sql.databaseSize,
      };
      return shardOperations(shard, app.access?.createAdmin);
    },
    operations: (shard, app) => shardOperations(shard, app.access?.createAdmin),
    run: runAdminOperation,
    routes: adminRoutes(options.token ?? envAdminToken),
  };
}

function adminRoutes<Env>(tokenOf: (env: Env) => string | undefined): AdminRoutes<Env> {
  return {
    owns: isAdminPath,
    async handle(request, context) {
      const { requestId } = context;
      const refusal = await checkAdminToken(request.headers.get("authorization"), tokenOf(context.env));
      if (refusal) throw unauthorized(refusal, requestId);
      const url = new URL(request.url);
      // Only create-admin reads a body; createWorker drains any other (or a
      // refused one) before the answer goes out.
      const admin = await adminRequestOf(request, url.pathname);
      const plan = planOf(url, context);
      const targets = plan.engine === "do" ? plan.shards : [plan.shard];
      const run = async (send?: (report: ShardReport) => Promise<void>) => {
        const reports = await runPlan(plan, admin, context, send);
        const failed = reports.filter((report) => !report.ok).map((report) => report.shard);
        log.info("admin operation", { requestId, op: admin.op, targets: reports.length, failed });
        return reports;
      };
      if (wantsStream(request)) {
        return streamAnswer(admin.op, targets, requestId, run, (promise) => context.waitUntil(promise));
      }
      return jsonAnswer(admin.op, await run(), requestId);
    },
  };
}

function planOf<Env>(url: URL, context: AdminContext<Env>): Plan {
  const d1 = context.d1();
  if (d1 === null) return { engine: "do", shards: adminShards(url, context) };
  const operations = shardOperations(d1, context.app.access?.createAdmin);
  return { engine: "d1", shard: namedShard(url, context), operations };
}

async function runPlan<Env>(
  plan: Plan,
  request: AdminRequest,
  context: AdminContext<Env>,
  send: ((report: ShardReport) => Promise<void>) | undefined,
): Promise<readonly ShardReport[]> {
  const { requestId } = context;
  if (plan.engine === "do") {
    const call = (shard: string) => callShard(shard, request, context.stub, { log, requestId });
    return fanOut(plan.shards, ADMIN_FANOUT_CONCURRENCY, call, send);
  }
  const outcome = await runAdminOperation(request, plan.operations);
  const { shard } = plan;
  const report: ShardReport = outcome.ok
    ? { shard, engine: "d1", ok: true, result: outcome.result }
    : { shard, engine: "d1", ok: false, error: outcome.error };
  await send?.(report);
  return [report];
}

function unauthorized(refusal: TokenRefusal, requestId: string): HttpError {
  if (refusal === "not_configured" || refusal === "too_short") {
    log.error("admin routes refuse every request: no usable admin token is configured", {
      requestId,
      reason: refusal,
      hint: "set the ADMIN_TOKEN secret (at least 16 characters), e.g. `wrangler secret put ADMIN_TOKEN`",
    });
  } else {
    log.warn("admin request refused", { requestId, reason: refusal });
  }
  return new HttpError(401, "unauthorized", "missing or invalid admin token", {
    headers: { "www-authenticate": 'Bearer realm="dorm admin"' },
  });
}
