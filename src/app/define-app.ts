import { ConfigError } from "../errors/config-error.ts";
import { expectFeature } from "../errors/expect-feature.ts";
import { defineMigrations } from "../migrations/define-migrations.ts";
import type { MigrationFile } from "../migrations/types.ts";
import type { AppAdmin } from "./admin-types.ts";
import type { ObjectFeature } from "./object-feature.ts";
import type { AppAccess, AppContext, AppDefinition, AppHandler, FilesFactory } from "./types.ts";

/** What `defineApp` accepts. */
export interface AppOptions<Env> {
  /** The app: an itty-router router (anything with `fetch(request, ctx)`) or a function. */
  readonly fetch:
    | AppHandler<Env>
    | ((request: Request, ctx: AppContext<Env>) => Response | Promise<Response>);
  /** The app's migration files, from its generated `manifest.ts`. */
  readonly migrations?: readonly MigrationFile[];
  /** Storage behind `ctx.files`, per shard: `(env, shard) => new R2Storage({...})` (`dorm/files`). */
  readonly files?: FilesFactory<Env>;
  /** Cloudflare Access: `accessFromEnv(...)` or `access(...)` from `dorm/access`; absent: off. */
  readonly access?: AppAccess<Env>;
  /** Admin operations (RPC on the object, `/_dorm/admin/…` on the router): `adminApi()` from `dorm/admin`. */
  readonly admin?: AppAdmin;
  /** Hibernating WebSockets in the object: `sockets({...})` from `dorm/sockets`. */
  readonly sockets?: ObjectFeature<Env>;
  /** Persistent schedules on the object's alarm: `scheduler({...})` from `dorm/schedule`. */
  readonly schedule?: ObjectFeature<Env>;
}

/**
 * Defines an app once so it can run inside a `DurableApp` or, in D1 mode, in
 * the router worker. Everything is validated here, where it is created, so a
 * bad migration name or option fails at startup and names the option.
 *
 * @example
 * ```ts
 * const router = IttyRouter();
 * router.get("/health", () => Response.json({ ok: true }));
 * export const app = defineApp<Env>({ fetch: router, migrations });
 * ```
 */
export function defineApp<Env>(options: AppOptions<Env>): AppDefinition<Env> {
  if (typeof options !== "object" || options === null) throw new ConfigError("defineApp", "needs an options object");
  const { fetch, files, access, admin, sockets, schedule } = options;
  const handler: AppHandler<Env> | null = typeof fetch === "function" ? { fetch } : typeof fetch?.fetch === "function" ? fetch : null;
  if (!handler) throw new ConfigError("fetch", "must be a function or have a fetch(request, ctx) method");
  if (files !== undefined && typeof files !== "function") throw new ConfigError("files", "must be a function (env, shard) => storage");
  expectFeature(access, "access", "check", "dorm/access");
  expectFeature(admin, "admin", "run", "adminApi() of dorm/admin");
  expectFeature(sockets, "sockets", "attach", "dorm/sockets");
  expectFeature(schedule, "schedule", "attach", "dorm/schedule");
  const objectFeatures = [sockets, schedule].filter((feature) => feature !== undefined);
  const builtin = [access, ...objectFeatures].flatMap((feature) => feature?.migrations ?? []);
  const migrations = defineMigrations({ app: options.migrations ?? [], builtin });
  return Object.freeze({ handler, migrations, objectFeatures, access, admin, ...(files && { files }) });
}
