import { checkAccessSetting } from "../access/resolve-setting.ts";
import type { AccessSetting } from "../access/types.ts";
import { ConfigError } from "../errors/index.ts";
import { defineMigrations } from "../migrations/index.ts";
import type { FilesFactory } from "../storage/files-factory.ts";
import type { AppDefinition, AppHandler, AppContext } from "./types.ts";

/** What `defineApp` accepts: a handler object (itty-router's Router) or a function. */
export interface AppOptions<Env> {
  readonly fetch:
    | AppHandler<Env>
    | ((request: Request, ctx: AppContext<Env>) => Response | Promise<Response>);
  readonly migrations?: readonly { readonly name: string; readonly sql: string }[];
  /** Storage behind `ctx.files`, per shard: `(env, shard) => new R2Storage({...})`. */
  readonly files?: FilesFactory<Env>;
  /**
   * Cloudflare Access: options, `defineAccess(...)`, or a function of env
   * such as `(env) => accessConfigFromEnv(env)`; absent or `null`: off.
   */
  readonly access?: AccessSetting<Env>;
}

/**
 * Defines an app once so it can run inside a `DurableApp` or, in D1 mode, in
 * the router worker. The migration list is validated here, where it is
 * created, so a bad file name fails at startup and names the option.
 *
 * @example
 * ```ts
 * const router = Router();
 * router.get("/health", () => Response.json({ ok: true }));
 * export const app = defineApp<Env>({ fetch: router, migrations });
 * ```
 */
export function defineApp<Env>(options: AppOptions<Env>): AppDefinition<Env> {
  const { fetch } = options;
  let handler: AppHandler<Env>;
  if (typeof fetch === "function") {
    handler = { fetch };
  } else if (fetch && typeof fetch === "object" && typeof fetch.fetch === "function") {
    handler = fetch;
  } else {
    throw new ConfigError("fetch", "must be a function or an object with a fetch(request, ctx) method");
  }
  const migrations = defineMigrations({ app: options.migrations ?? [] });
  const { files } = options;
  if (files !== undefined && typeof files !== "function") {
    throw new ConfigError("files", "must be a function (env, shard) => R2Storage");
  }
  const access = checkAccessSetting<Env>(options.access, "access");
  return Object.freeze({ handler, migrations, ...(files && { files }), access });
}
