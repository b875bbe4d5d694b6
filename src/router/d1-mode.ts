import { handleAppRequest } from "../app/handle-request.ts";
import { createD1Database } from "../db/index.ts";
import { errorResponse } from "../http/error-response.ts";
import { createLogger } from "../log/index.ts";
import { d1BindingOf } from "./d1-binding.ts";
import { ensureD1Migrated } from "./d1-migrations.ts";
import { modeFor } from "./mode.ts";
import type { RouterState } from "./pipeline.ts";

// Lines written while the app runs carry the app's logger name, as in DO mode.
const appLog = createLogger("dorm.app");

/**
 * Pipeline step (D1 mode): runs the app here, against D1, with the same
 * context and error handling as `DurableApp.fetch`. In DO mode it passes.
 *
 * All shards share the one D1 database, so shards do not isolate data in D1
 * mode; `ctx.shard` still names the shard the strategy chose.
 */
export async function runInD1Mode<Env>(state: RouterState<Env>): Promise<Response | undefined> {
  const { config, env, request } = state;
  if (modeFor(config, env) !== "d1") return undefined;
  const app = config.app;
  if (!app) throw new Error("D1 mode without an app passed validation");
  const d1 = d1BindingOf(env, config.d1Binding);
  if (config.d1AutoMigrate) {
    const outcome = await ensureD1Migrated(d1, app);
    if (!outcome.ok) {
      // createWorker drains the unread body before this answer goes out.
      return errorResponse(503, "migration_failed", outcome.message, {
        headers: { "retry-after": "30" },
        extra: { file: outcome.file },
      });
    }
  }
  return handleAppRequest(app, request, {
    env,
    db: createD1Database(d1),
    shard: state.shard ?? "",
    user: null,
    requestId: state.requestId,
    waitUntil: (promise) => state.ctx.waitUntil(promise),
    log: appLog,
  });
}
