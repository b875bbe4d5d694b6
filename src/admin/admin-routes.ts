import type { AdminOperations, AdminRequest } from "../app/admin-types.ts";
import { ConfigError } from "../errors/config-error.ts";
import { HttpError } from "../errors/http-error.ts";
import { createLogger } from "../log/logger.ts";
import { routerNamespace } from "../router/namespace.ts";
import type { AdminRoutes, AdminStub, RouterState } from "../router/types.ts";
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

/** Options of {@link adminRoutes}. */
export interface AdminRoutesOptions<Env> {
  /**
   * The bearer token, read per request (it is a secret in `env`). Default:
   * `env.ADMIN_TOKEN`. Unset, empty or shorter than 16 characters: every
   * admin request answers 401.
   */
  readonly token?: (env: Env) => string | undefined;
}

/** The default `token`: the worker's `ADMIN_TOKEN` var or secret. */
const envAdminToken = (env: unknown): string | undefined => {
  const value = typeof env === "object" && env !== null ? (env as Record<string, unknown>).ADMIN_TOKEN : undefined;
  return typeof value === "string" ? value : undefined;
};

/** Where one admin call runs: every addressed shard's object, or the one D1 database. */
type Plan =
  | { readonly engine: "do"; readonly shards: readonly string[] }
  | { readonly engine: "d1"; readonly shard: string | null; readonly operations: AdminOperations };

/**
 * The router's admin routes for `createWorker({ admin })`:
 * `POST /_dorm/admin/migrate`, `GET …/migrations`, `POST …/create-admin`,
 * `GET …/stats`, behind `Authorization: Bearer <token>` and before Access.
 * `?shard=` names the shard; without it the strategy's default shard, or every
 * shard of a ring. Each shard is called over RPC (`DurableApp.dormAdmin`, from
 * `defineApp({ admin: adminApi() })`), six at a time; in D1 mode the
 * operation runs once, here, against D1. The `dorm` CLI speaks to these routes.
 *
 * @example
 * ```ts
 * export default createWorker<Env>({ binding: "APP", shard, app, admin: adminRoutes({ token: (env) => env.ADMIN_TOKEN }) });
 * ```
 */
export function adminRoutes<Env>(options: AdminRoutesOptions<Env> = {}): AdminRoutes<Env> {
  if (typeof options !== "object" || options === null) throw new ConfigError("adminRoutes", "needs an options object");
  if (options.token !== undefined && typeof options.token !== "function") {
    throw new ConfigError("adminRoutes.token", "must be a function (env) => string | undefined");
  }
  const tokenOf = options.token ?? envAdminToken;
  return {
    async step(state) {
      const { request, requestId } = state;
      const url = new URL(request.url);
      if (!isAdminPath(url.pathname)) return undefined;
      const refusal = await checkAdminToken(request.headers.get("authorization"), tokenOf(state.env));
      if (refusal) throw unauthorized(refusal, requestId);
      // Only create-admin reads a body; createWorker drains any other (or a
      // refused one) before the answer goes out.
      const admin = await adminRequestOf(request, url.pathname);
      const plan = planOf(url, state);
      const targets = plan.engine === "do" ? plan.shards : [plan.shard];
      const run = async (send?: (report: ShardReport) => Promise<void>) => {
        const reports = await runPlan(plan, admin, state, send);
        const failed = reports.filter((report) => !report.ok).map((report) => report.shard);
        log.info("admin operation", { requestId, op: admin.op, targets: reports.length, failed });
        return reports;
      };
      if (wantsStream(request)) {
        return streamAnswer(admin.op, targets, requestId, run, (promise) => state.ctx.waitUntil(promise));
      }
      return jsonAnswer(admin.op, await run(), requestId);
    },
  };
}

function planOf<Env>(url: URL, { config, env }: RouterState<Env>): Plan {
  const { d1, app, shardPattern } = config;
  if (!d1 || !app || !d1.active(env)) return { engine: "do", shards: adminShards(url, config.shard, shardPattern) };
  const operations = shardOperations(d1.database(app, env), app.access?.createAdmin);
  return { engine: "d1", shard: namedShard(url, shardPattern), operations };
}

async function runPlan<Env>(
  plan: Plan,
  request: AdminRequest,
  { config, env, requestId }: RouterState<Env>,
  send: ((report: ShardReport) => Promise<void>) | undefined,
): Promise<readonly ShardReport[]> {
  if (plan.engine === "d1") {
    const outcome = await runAdminOperation(request, plan.operations);
    const { shard } = plan;
    const report: ShardReport = outcome.ok
      ? { shard, engine: "d1", ok: true, result: outcome.result }
      : { shard, engine: "d1", ok: false, error: outcome.error };
    await send?.(report);
    return [report];
  }
  // The router's stub opener, so getStub, location hints and jurisdictions apply here too.
  const namespace = routerNamespace(env, config);
  const options = config.locationHint === undefined ? {} : { locationHint: config.locationHint };
  const stub = (shard: string) => config.getStub(namespace, shard, options) as unknown as AdminStub;
  const call = (shard: string) => callShard(shard, request, stub, { log, requestId });
  return fanOut(plan.shards, ADMIN_FANOUT_CONCURRENCY, call, send);
}

function unauthorized(refusal: TokenRefusal, requestId: string): HttpError {
  if (refusal === "not_configured" || refusal === "too_short") {
    log.error("admin routes refuse every request: no usable admin token is configured", {
      requestId,
      reason: refusal,
      hint:
        "set ADMIN_TOKEN (at least 16 characters): deployed, `wrangler secret put ADMIN_TOKEN`; " +
        "under wrangler dev, `wrangler dev --var ADMIN_TOKEN:<token>` or a line in .dev.vars",
    });
  } else {
    log.warn("admin request refused", { requestId, reason: refusal });
  }
  return new HttpError(401, "unauthorized", "missing or invalid admin token", {
    headers: { "www-authenticate": 'Bearer realm="dorm admin"' },
  });
}
