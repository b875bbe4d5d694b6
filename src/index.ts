// dorm's public API. Every export is named here (no `export *`), values first,
// then types, so a reader sees the whole surface in one file.

// errors
export { DormError, HttpError, ConfigError } from "./errors/index.ts";

// app: the DurableApp base class and app definitions
export { DurableApp, defineApp, handleAppRequest } from "./app/index.ts";

// router worker and shard strategies
export {
  createWorker,
  singleton,
  byHostname,
  byHeader,
  byPathSegment,
  ring,
  custom,
  ringIndex,
  validateShardName,
  DEFAULT_SHARD_PATTERN,
  MAX_SHARD_NAME_LENGTH,
  MAX_RING_SHARDS,
} from "./router/index.ts";

// database
export { sql, createDoDatabase, createD1Database, DatabaseError } from "./db/index.ts";

// migrations
export {
  defineMigrations,
  builtinMigrations,
  validateMigrations,
  applyDoMigrations,
  doMigrationStatus,
  applyD1Migrations,
  d1MigrationStatus,
  migrationChecksum,
  splitStatements,
  MigrationError,
} from "./migrations/index.ts";

// HTTP helpers for app handlers
export { errorResponse, readJson, readBodyLimited, DEFAULT_JSON_LIMIT } from "./http/index.ts";

// logging
export { createLogger, describeError } from "./log/index.ts";

export type { AppContext, AppDefinition, AppHandler, AppOptions, AppUser, RequestScope } from "./app/index.ts";
export type { DatabaseMode, ShardStrategy, RouterConfig, RouterWorker, GetStub, StubOptions } from "./router/index.ts";
export type { HostnameOptions, HeaderOptions, PathSegmentOptions, RingOptions, RingStrategy, CustomOptions } from "./router/index.ts";
export type { Database, DatabaseEngine, Query, Row, RunResult, BatchResult, SqlValue, SqlResultValue, SqlFragment } from "./db/index.ts";
export type { DatabaseErrorCode, ConstraintKind } from "./db/index.ts";
export type { MigrationFile, MigrationKind, MigrationSet, MigrationRef, AppliedMigration, PendingMigration } from "./migrations/index.ts";
export type { MissingMigration, AppliedMigrationStatus, ChecksumStatus, MigrationStatus } from "./migrations/index.ts";
export type { Logger, LogFields } from "./log/index.ts";
