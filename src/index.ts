// dorm: what an app is written with. Features an app may not use have their
// own entries (dorm/access, dorm/files, dorm/admin, dorm/d1, dorm/migrations),
// so an app bundles only what it imports.

export { DurableApp } from "./app/durable-app.ts";
export { defineApp } from "./app/define-app.ts";
export { createWorker } from "./router/create-worker.ts";
export { singleton } from "./router/strategies/singleton.ts";
export { byHostname } from "./router/strategies/hostname.ts";
export { byHeader } from "./router/strategies/header.ts";
export { byPathSegment } from "./router/strategies/path-segment.ts";
export { ring } from "./router/strategies/ring.ts";
export { custom } from "./router/strategies/custom.ts";
export { sql } from "./db/sql.ts";
export { readJson } from "./http/read-json.ts";
export { DormError } from "./errors/dorm-error.ts";
export { HttpError } from "./errors/http-error.ts";
export { ConfigError } from "./errors/config-error.ts";
export { DatabaseError } from "./db/database-error.ts";
export { MigrationError } from "./migrations/migration-error.ts";

export type { AppOptions } from "./app/define-app.ts";
export type { AppContext, AppDefinition, AppHandler, AppUser } from "./app/types.ts";
export type { RouterConfig, RouterWorker, ShardStrategy } from "./router/types.ts";
export type { HostnameOptions } from "./router/strategies/hostname.ts";
export type { HeaderOptions } from "./router/strategies/header.ts";
export type { PathSegmentOptions } from "./router/strategies/path-segment.ts";
export type { RingOptions, RingStrategy } from "./router/strategies/ring.ts";
export type { CustomOptions } from "./router/strategies/custom.ts";
export type { Database, Query, Row, RunResult, BatchResult, SqlValue, SqlResultValue } from "./db/types.ts";
export type { SqlFragment } from "./db/sql.ts";
export type { BatchOptions } from "./db/batch-options.ts";
export type { DatabaseErrorCode, ConstraintKind } from "./db/database-error.ts";
export type { MigrationFile } from "./migrations/types.ts";
