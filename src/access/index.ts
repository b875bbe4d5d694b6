export {
  defineAccess,
  DEFAULT_CACHE_TIMEOUT_SECONDS,
  DEFAULT_KEY_REFETCH_COOLDOWN_SECONDS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_MAX_TOKEN_BYTES,
} from "./define-access.ts";
export { accessConfigFromEnv, ACCESS_ENV_VARS } from "./from-env.ts";
export { resolveAccess, checkAccessSetting } from "./resolve-setting.ts";
export { verifyAccessToken } from "./verify-token.ts";
export { authenticateRequest, checkAccessToken } from "./authenticate.ts";
export { authenticateForApp } from "./app-access.ts";
export { accessPreCheck, accessSteps } from "./router-step.ts";
export { upsertAccessUser, LAST_LOGIN_RESOLUTION_MS } from "./upsert-user.ts";
export { accessTokenOf, ACCESS_JWT_HEADER, ACCESS_COOKIE } from "./token-source.ts";
export { isExemptPath, parseExemptPath } from "./exempt-paths.ts";
export { teamFromIssuer, teamIssuer, teamCertsUrl } from "./issuer.ts";
export { isLoopbackUrl } from "./loopback.ts";
export { AccessError } from "./access-error.ts";
export { ACCESS_LOGGER } from "./log.ts";
export { TokenCache, TOKEN_CACHE_MAX_ENTRIES, verifiedTokens } from "./token-cache.ts";
export type { AccessClaims, AccessConfig, AccessOptions, AccessSetting, AccessUserHook } from "./types.ts";
export type { AccessExemptContext, AccessExemptHook } from "./types.ts";
export type { AccessErrorCode, AccessFailureReason } from "./access-error.ts";
export type { AuthenticateOptions } from "./authenticate.ts";
