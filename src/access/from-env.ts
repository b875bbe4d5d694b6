import { ConfigError } from "../errors/config-error.ts";
import { defineAccess } from "./define-access.ts";
import { accessLog } from "./log.ts";
import type { AccessConfig, AccessOptions } from "./types.ts";

/** The vars `accessConfigFromEnv` reads. */
export const ACCESS_ENV_VARS = Object.freeze({
  teamName: "ACCESS_TEAM_NAME",
  aud: "ACCESS_AUD",
  certsUrl: "ACCESS_CERTS_URL",
});

let saidOff = false;

/**
 * Access settings from wrangler vars: on when `ACCESS_TEAM_NAME` or
 * `ACCESS_AUD` (comma-separated for several) is set, with `ACCESS_CERTS_URL`
 * as the loopback-only key URL override; `null` (Access off, said once per
 * isolate in the log) when neither is set. Other options come from `options`.
 * Errors are `ConfigError`s naming the var.
 *
 * @example
 * ```ts
 * export const app = defineApp<Env>({
 *   fetch: router,
 *   access: (env) => accessConfigFromEnv(env, { exemptPaths: ["/health"] }),
 * });
 * ```
 */
export function accessConfigFromEnv(
  env: unknown,
  options: Omit<AccessOptions, "teamName" | "aud" | "certsUrl"> = {},
): AccessConfig | null {
  const vars = (typeof env === "object" && env !== null ? env : {}) as Record<string, unknown>;
  const teamName = text(vars[ACCESS_ENV_VARS.teamName], ACCESS_ENV_VARS.teamName);
  const aud = text(vars[ACCESS_ENV_VARS.aud], ACCESS_ENV_VARS.aud);
  const certsUrl = text(vars[ACCESS_ENV_VARS.certsUrl], ACCESS_ENV_VARS.certsUrl);
  if (teamName === undefined && aud === undefined) {
    if (certsUrl !== undefined) {
      throw new ConfigError(ACCESS_ENV_VARS.certsUrl, `is set but Access is off: set ${ACCESS_ENV_VARS.teamName} or ${ACCESS_ENV_VARS.aud} too`);
    }
    if (!saidOff) {
      saidOff = true;
      accessLog.info(`Access is off: neither ${ACCESS_ENV_VARS.teamName} nor ${ACCESS_ENV_VARS.aud} is set, so requests are not authenticated`);
    }
    return null;
  }
  // Error messages name the env vars; the other options keep `access.<option>`.
  return defineAccess({ ...options, teamName, aud, certsUrl }, ACCESS_ENV_VARS);
}

function text(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ConfigError(name, "must be a string var");
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}
