// dorm/admin: admin operations, as RPC methods of the app's DurableApp and as
// the router's routes (`/_dorm/admin/…`) that the `dorm` CLI calls.
export { adminApi } from "./admin-api.ts";
export { adminRoutes } from "./admin-routes.ts";
export { ADMIN_PATH_PREFIX } from "./protocol.ts";
export { AdminError } from "../app/admin-error.ts";

export type { AdminRoutesOptions } from "./admin-routes.ts";
export type { AdminErrorCode } from "../app/admin-error.ts";
export type { ShardReport, AdminResponseBody, AdminStreamLine } from "./report.ts";
export type { AdminOperationName, AdminRequest, AdminOutcome, AdminFailure, AdminResults } from "../app/admin-types.ts";
export type { CreateAdminInput, CreateAdminResult, AdminUserRow, DatabaseStats, TableStats, MigrateResult } from "../app/admin-types.ts";
