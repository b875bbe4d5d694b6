import { ConfigError, HttpError } from "../../errors/index.ts";
import { createLogger } from "../../log/index.ts";
import { d1BindingOf } from "../../router/d1-binding.ts";
import { modeFor } from "../../router/mode.ts";
import { routerNamespace } from "../../router/namespace.ts";
import type { RouterState, RouterStep } from "../../router/pipeline.ts";
import type { RouterConfig } from "../../router/types.ts";
import { d1AdminOperations } from "../operations.ts";
import { runAdminOperation } from "../run-operation.ts";
import type { AdminRequest } from "../types.ts";
import { callShard } from "./call-shard.ts";
import type { AdminStub } from "./call-shard.ts";
import { ADMIN_FANOUT_CONCURRENCY, fanOut } from "./fan-out.ts";
import { adminRequestOf, isAdminPath } from "./operation-routes.ts";
import type { ShardReport } from "./report.ts";
import { jsonAnswer, streamAnswer, wantsStream } from "./respond.ts";
import { adminTargets, checkNamedShard } from "./targets.ts";
import { checkAdminToken } from "./token.ts";
import type { TokenRefusal } from "./token.ts";

/** Logger name of the admin routes' lines. */
export const ADMIN_LOGGER = "dorm.admin";
const log = createLogger(ADMIN_LOGGER);

/** The default `adminToken`: the worker's `ADMIN_TOKEN` var or secret. */
const envAdminToken = (env: unknown): string | undefined => {
  const value = typeof env === "object" && env !== null ? (env as Record<string, unknown>).ADMIN_TOKEN : undefined;
  return typeof value === "string" ? value : undefined;
};

/**
 * Router step 1: the admin routes `/_dorm/admin/{migrate,migrations,create-admin,stats}`.
 * Answers every path under the prefix itself (other steps, Access included,
 * never see them), behind `Authorization: Bearer <token>`. Each shard is
 * called over RPC (`DurableApp.dormAdmin`); in D1 mode the operation runs
 * here against D1, once. `adminToken` is checked where the worker is created.
 *
 * @example
 * ```ts
 * // createWorker puts it first; by hand:
 * const steps = [adminRoutes({ shard: singleton(), adminToken: (env) => env.ADMIN_TOKEN }), resolveShard, forward];
 * ```
 */
export function adminRoutes<Env>(config: RouterConfig<Env>): RouterStep<Env> {
  if (config.adminToken !== undefined && typeof config.adminToken !== "function") {
    throw new ConfigError("adminToken", "must be a function (env) => string | undefined");
  }
  const tokenOf = config.adminToken ?? envAdminToken;
  return async (state) => {
    const url = new URL(state.request.url);
    if (!isAdminPath(url.pathname)) return undefined;
    const refusal = await checkAdminToken(state.request.headers.get("authorization"), tokenOf(state.env));
    if (refusal) throw unauthorized(refusal, state.requestId);
    // Only create-admin reads a body; createWorker drains any other (or a
    // refused one) before the answer goes out.
    const request = await adminRequestOf(state.request, url.pathname);
    return modeFor(state.config, state.env) === "d1" ? inD1(state, url, request) : inObjects(state, url, request);
  };
}

async function inObjects<Env>(state: RouterState<Env>, url: URL, request: AdminRequest): Promise<Response> {
  const { config, requestId } = state;
  const targets = adminTargets(url, config.shard, config.shardPattern);
  const namespace = routerNamespace(state.env, config);
  const options = config.locationHint === undefined ? {} : { locationHint: config.locationHint };
  // The router's stub opener, so tests' getStub and jurisdictions apply here too.
  const openStub = (shard: string) => config.getStub(namespace, shard, options) as unknown as AdminStub;
  const run = (send?: (report: ShardReport) => Promise<void>) =>
    fanOut(targets, ADMIN_FANOUT_CONCURRENCY, (shard) => callShard(shard, request, openStub, { log, requestId }), send);
  return answer(state, request, targets, run);
}

async function inD1<Env>(state: RouterState<Env>, url: URL, request: AdminRequest): Promise<Response> {
  const { config } = state;
  const shard = checkNamedShard(url, config.shardPattern);
  const app = config.app;
  if (!app) throw new ConfigError("app", "D1 mode runs the app in the router: pass app: defineApp({...})");
  const operations = d1AdminOperations(d1BindingOf(state.env, config.d1Binding), app.migrations);
  const run = async (send?: (report: ShardReport) => Promise<void>) => {
    const outcome = await runAdminOperation(request, operations);
    const report: ShardReport = outcome.ok
      ? { shard, engine: "d1", ok: true, result: outcome.result }
      : { shard, engine: "d1", ok: false, error: outcome.error };
    await send?.(report);
    return [report];
  };
  return answer(state, request, [shard], run);
}

async function answer<Env>(
  state: RouterState<Env>,
  request: AdminRequest,
  targets: readonly (string | null)[],
  run: (send?: (report: ShardReport) => Promise<void>) => Promise<readonly ShardReport[]>,
): Promise<Response> {
  const { requestId } = state;
  const logged = async (send?: (report: ShardReport) => Promise<void>) => {
    const reports = await run(send);
    const failed = reports.filter((report) => !report.ok).map((report) => report.shard);
    log.info("admin operation", { requestId, op: request.op, targets: reports.length, failed });
    return reports;
  };
  if (wantsStream(state.request)) {
    return streamAnswer(request.op, targets, requestId, logged, (promise) => state.ctx.waitUntil(promise));
  }
  return jsonAnswer(request.op, await logged(), requestId);
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
