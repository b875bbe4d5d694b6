import type { AppAccess } from "../app/types.ts";
import { ConfigError } from "../errors/config-error.ts";
import { createAdmin } from "../users/create-admin.ts";
import { migrations as usersMigrations } from "../users/migrations/manifest.ts";
import { authenticateRequest, checkAccessToken } from "./authenticate.ts";
import { accessConfigFromEnv } from "./from-env.ts";
import { checkAccessSetting, resolveAccess } from "./resolve-setting.ts";
import type { AccessConfig, AccessOptions, AccessSetting } from "./types.ts";

/** Cloudflare Access for an app, as `defineApp({ access })` and `createWorker` take it. */
export interface AccessFeature<Env> extends AppAccess<Env> {
  /** The validated settings for this `env`, or `null` when Access is off there. */
  config(env: Env): AccessConfig | null;
}

/**
 * Cloudflare Access for `defineApp({ access })`: every request needs a valid
 * Access token (except exempt paths), checked by the router before any object
 * wakes and again by the object, which creates or updates the person's
 * `dorm_users` row (the table comes with this feature, as a built-in
 * migration). `setting` is options, `defineAccess(...)`, or a function of
 * `env` returning either or `null` (Access off), asked once per `env`.
 *
 * @example
 * ```ts
 * import { access } from "dorm/access";
 * export const app = defineApp<Env>({ fetch: router, access: access({ teamName: "acme", aud: AUD }) });
 * ```
 */
export function access<Env>(setting: AccessOptions | AccessConfig | ((env: Env) => AccessOptions | AccessConfig | null)): AccessFeature<Env> {
  if (setting === null || setting === undefined) {
    throw new ConfigError("access", "needs options, defineAccess(...) or a function of env; leave Access out to turn it off");
  }
  const checked: AccessSetting<Env> = checkAccessSetting<Env>(setting, "access");
  const config = (env: Env) => resolveAccess(checked, env);
  return {
    migrations: usersMigrations,
    config,
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
}

/**
 * Access from wrangler vars (`accessConfigFromEnv`): on when
 * `ACCESS_TEAM_NAME` or `ACCESS_AUD` is set, with `ACCESS_CERTS_URL` as the
 * loopback-only key URL for local runs; off (said once in the log) when
 * neither is set. Other settings come from `options`.
 *
 * @example
 * ```ts
 * export const app = defineApp<Env>({ fetch: router, access: accessFromEnv({ exemptPaths: ["/health"] }) });
 * ```
 */
export function accessFromEnv<Env>(options: Omit<AccessOptions, "teamName" | "aud" | "certsUrl"> = {}): AccessFeature<Env> {
  return access<Env>((env) => accessConfigFromEnv(env, options));
}
