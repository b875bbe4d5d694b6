import type { Database } from "../db/types.ts";
import { discardBody } from "../http/discard-body.ts";
import { errorToResponse } from "../http/error-to-response.ts";
import type { Logger } from "../log/logger.ts";
import { ConfigError } from "../errors/config-error.ts";
import type { R2Storage } from "../storage/r2-storage.ts";
import type { AppContext, AppDefinition, AppUser } from "./types.ts";

/** Everything the edge knows about a request before the app sees it. */
export interface RequestScope<Env> {
  readonly env: Env;
  readonly db: Database;
  readonly shard: string;
  /** The Durable Object's state; `null` in D1 mode. */
  readonly object: DurableObjectState | null;
  readonly requestId: string;
  readonly waitUntil: (promise: Promise<unknown>) => void;
  readonly log: Logger;
}

/**
 * Runs one request through the app: the app's Access check, its context, the
 * handler, and a throw turned into a JSON error. Shared by `DurableApp.fetch`
 * and D1 mode in the router, so both answer alike.
 */
export async function handleAppRequest<Env>(
  app: AppDefinition<Env>,
  request: Request,
  scope: RequestScope<Env>,
): Promise<Response> {
  let response: Response;
  try {
    const user = app.access ? await app.access.authenticate(request, scope) : null;
    response = user instanceof Response ? user : await runHandler(app, request, scope, user);
  } catch (error) {
    response = errorToResponse(error, scope.requestId, scope.log);
  }
  // A body the handler never read is read and dropped before answering: see
  // discardBody for why answering first breaks the router in front of us.
  if (!request.bodyUsed) await discardBody(request.body);
  return response;
}

async function runHandler<Env>(
  app: AppDefinition<Env>,
  request: Request,
  scope: RequestScope<Env>,
  user: AppUser | null,
): Promise<Response> {
  // ctx.files is built on first use, so requests that never touch files pay
  // nothing, and a missing factory is reported only to the handler that needs it.
  let files: R2Storage | undefined;
  const ctx: AppContext<Env> = {
    env: scope.env,
    db: scope.db,
    shard: scope.shard,
    object: scope.object,
    user,
    get files() {
      if (!app.files) throw new ConfigError("files", "ctx.files needs defineApp({ files })");
      return (files ??= app.files(scope.env, scope.shard));
    },
    requestId: scope.requestId,
    waitUntil: scope.waitUntil,
  };
  const result: unknown = await app.handler.fetch(request, ctx);
  if (!(result instanceof Response)) {
    throw new TypeError(`the app's handler returned ${describe(result)} instead of a Response`);
  }
  return result;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined (no route matched, or one returned nothing)";
  if (value === null) return "null";
  return typeof value;
}
