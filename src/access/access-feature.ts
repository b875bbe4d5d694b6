import type { AppAccess } from "../app/types.ts";
import { ConfigError } from "../errors/config-error.ts";
import { createAdmin } from "../users/create-admin.ts";
import { migrations as usersMigrations } from "../users/migrations/manifest.ts";
import { authenticateRequest, checkAccessToken } from "./authenticate.ts";
import { accessConfigFromEnv } from "./from-env.ts";
import { checkAccessSetting, resolveAccess } from "./resolve-setting.ts";
import { checkAtRouter } from "./router-check.ts";
import type { AccessConfig, AccessFeatureOptions, AccessOptions, AccessSetting } from "./types.ts";

/** Cloudflare Access for an app, as `defineApp({ access })` and `createWorker` take it. */
export interface AccessFeature<Env> extends AppAccess<Env> {
  /** The validated settings for this `env`, or `null` when Access is off there. */
  config(env: Env): AccessConfig | null;
  /** Whether it has an `authorize` hook (which only dorm's router runs). */
  readonly authorizes: boolean;
}

/** What `accessFromEnv` accepts: every Access option but those its vars set, and the feature's own. */
export type AccessFromEnvOptions<Env> = Omit<AccessOptions, "teamName" | "aud" | "certsUrl"> & AccessFeatureOptions<Env>;

/**
 * Cloudflare Access for `defineApp({ access })`: every request needs a valid
 * Access token (except exempt paths), checked by the router before any object
 * wakes and again by the object, which creates or updates the person's
 * `dorm_users` row (the table comes with this feature, as a built-in
 * migration). `setting` is options, `defineAccess(...)`, or a function of
 * `env` returning either or `null` (Access off), asked once per `env`.
 * `options.authorize` decides per shard who may use it, at the router only
 * (see {@link AccessFeatureOptions}).
 *
 * @example
 * ```ts
 * import { access } from "dorm/access";
 * export const app = defineApp<Env>({
 *   fetch: router,
 *   access: access({ teamName: "acme", aud: AUD }, { authorize: ({ identity, shard }) => shard === identity?.email?.split("@")[0] }),
 * });
 * ```
 */
export function access<Env>(
  setting: AccessOptions | AccessConfig | ((env: Env) => AccessOptions | AccessConfig | null),
  options: AccessFeatureOptions<Env> = {},
): AccessFeature<Env> {
  if (setting === null || setting === undefined) {
    throw new ConfigError("access", "needs options, defineAccess(...) or a function of env; leave Access out to turn it off");
  }
  const checked: AccessSetting<Env> = checkAccessSetting<Env>(setting, "access");
  const authorize = options?.authorize;
  if (authorize !== undefined && typeof authorize !== "function") {
    throw new ConfigError("access.authorize", "must be a function");
  }
  const config = (env: Env) => resolveAccess(checked, env);
  const feature: AccessFeature<Env> = {
    migrations: usersMigrations,
    config,
    authorizes: authorize !== undefined,
    routerStep({ access: own, app }) {
      // The hook runs only here: a router that skips this step, or checks with
      // other settings that have no hook, would let everyone into every shard.
      const appAccess = app?.access as Partial<AccessFeature<Env>> | undefined;
      if (own === false ? authorize : !authorize && appAccess?.authorizes) {
        throw new ConfigError("access", "must run the app's authorize hook (leave it out, or give it that hook)");
      }
      if (own === false) return null;
      return async (state) => {
        const resolved = config(state.env as Env);
        // Access off for this env: no identity exists, so authorize is not asked.
        return (resolved && (await checkAtRouter(state, resolved, authorize))) ?? undefined;
      };
    },
    async check(request, env, { requestId, shard }) {
      const resolved = config(env);
      return resolved && checkAccessToken(request, resolved, { requestId, shard });
    },
    async authenticate(request, { env, db, shard, requestId }) {
      const resolved = config(env);
      return resolved && authenticateRequest(request, resolved, { db, shard, requestId });
    },
    createAdmin,
  };
  return feature;
}

/**
 * Access from wrangler vars (`accessConfigFromEnv`): on when
 * `ACCESS_TEAM_NAME` or `ACCESS_AUD` is set, with `ACCESS_CERTS_URL` as the
 * loopback-only key URL for local runs; off (said once in the log) when
 * neither is set. Other settings come from `options`, `authorize` included.
 *
 * @example
 * ```ts
 * export const app = defineApp<Env>({ fetch: router, access: accessFromEnv({ exemptPaths: ["/health"] }) });
 * ```
 */
export function accessFromEnv<Env>(options: AccessFromEnvOptions<Env> = {}): AccessFeature<Env> {
  const { authorize, ...settings } = options;
  return access<Env>((env) => accessConfigFromEnv(env, settings), { authorize });
}
