// dorm/access: Cloudflare Access for an app, and the users who sign in with it.
export { access, accessFromEnv } from "./access-feature.ts";
export { defineAccess } from "./define-access.ts";
export { accessConfigFromEnv } from "./from-env.ts";
export { verifyAccessToken } from "./verify-token.ts";
export { upsertAccessUser } from "./upsert-user.ts";
export { AccessError } from "./access-error.ts";

export type { AccessFeature, AccessFromEnvOptions } from "./access-feature.ts";
export type { AccessClaims, AccessConfig, AccessOptions, AccessUserHook } from "./types.ts";
export type { AccessExemptContext, AccessExemptHook } from "./types.ts";
export type { AccessAuthorizeHook, AccessAuthorizeInput, AccessFeatureOptions, AccessIdentity } from "./types.ts";
export type { AccessErrorCode, AccessFailureReason } from "./access-error.ts";
