import { authenticateForApp } from "../access/app-access.ts";
import type { AccessUserHook } from "../access/types.ts";
import type { Database } from "../db/types.ts";
import { discardBody } from "../http/discard-body.ts";
import { lazyFiles } from "../storage/files-factory.ts";
import type { Logger } from "../log/index.ts";
import { errorToResponse } from "./error-to-response.ts";
import type { AppContext, AppDefinition, AppUser } from "./types.ts";

/** Everything the edge knows about a request before the app sees it. */
export interface RequestScope<Env> {
  readonly env: Env;
  readonly db: Database;
  readonly shard: string;
  /**
   * The caller when the edge has already authenticated them; `null` lets the
   * app's Access check (when configured) find the user.
   */
  readonly user: AppUser | null;
  /** Replaces the Access user handling (DurableApp passes its `onAccessUser` override). */
  readonly onAccessUser?: AccessUserHook;
  readonly requestId: string;
  readonly waitUntil: (promise: Promise<unknown>) => void;
  readonly log: Logger;
}

/**
 * Runs one request through the app: builds its context, calls the handler and
 * turns a throw into a JSON error. Shared by `DurableApp.fetch` and the
 * router's D1 mode, so both answer alike.
 */
export async function handleAppRequest<Env>(
  app: AppDefinition<Env>,
  request: Request,
  scope: RequestScope<Env>,
): Promise<Response> {
  let response: Response;
  try {
    // The Access check (DESIGN part 6) runs here so the object and D1 mode both run it.
    const user = scope.user ?? (await authenticateForApp(app, request, scope));
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
  const files = lazyFiles(app.files, scope.env, scope.shard);
  const ctx: AppContext<Env> = {
    env: scope.env,
    db: scope.db,
    shard: scope.shard,
    user,
    get files() {
      return files();
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
  if (value === undefined) return "undefined (is a route missing a return, or no route matched?)";
  if (value === null) return "null";
  return typeof value;
}
