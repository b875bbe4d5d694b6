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

// admin operations (RPC on DurableApp, HTTP on the router, D1 mode)
export {
  AdminError,
  runAdminOperation,
  doAdminOperations,
  d1AdminOperations,
  createAdmin,
  databaseStats,
  checkAdminInput,
  normalizeEmail,
  checkAdminToken,
  ADMIN_PATH_PREFIX,
  ADMIN_FANOUT_CONCURRENCY,
} from "./admin/index.ts";

// files: R2 storage and the HTTP file proxy
export {
  R2Storage,
  InvalidFileNameError,
  FileNotFoundError,
  FileTooLargeError,
  FileConflictError,
  validateName,
  alternativeName,
  nameFromPath,
  guessContentType,
  signFileKey,
  verifyFileKey,
} from "./storage/index.ts";
export {
  serveFile,
  receiveUpload,
  isValidSignedFileRequest,
  hasFileSignature,
  requireValidSignature,
  PRIVATE_FILE_CACHE_CONTROL,
} from "./files/index.ts";

// Cloudflare Access: settings, the token check, users
export {
  defineAccess,
  accessConfigFromEnv,
  verifyAccessToken,
  authenticateRequest,
  checkAccessToken,
  upsertAccessUser,
  isExemptPath,
  teamFromIssuer,
  isLoopbackUrl,
  AccessError,
  ACCESS_ENV_VARS,
  ACCESS_JWT_HEADER,
  ACCESS_COOKIE,
  ACCESS_LOGGER,
} from "./access/index.ts";

// HTTP helpers for app handlers
export { errorResponse, readJson, readBodyLimited, DEFAULT_JSON_LIMIT } from "./http/index.ts";

// logging
export { createLogger, describeError } from "./log/index.ts";

export type { AppContext, AppDefinition, AppHandler, AppOptions, AppUser, RequestScope } from "./app/index.ts";
export type { DatabaseMode, ShardStrategy, RouterConfig, RouterWorker, GetStub, StubOptions } from "./router/index.ts";
export type { HostnameOptions, HeaderOptions, PathSegmentOptions, RingOptions, RingStrategy, CustomOptions } from "./router/index.ts";
export type { Database, DatabaseEngine, Query, Row, RunResult, BatchResult, BatchRows, BatchOptions, SqlValue, SqlResultValue, SqlFragment } from "./db/index.ts";
export type { DatabaseErrorCode, ConstraintKind } from "./db/index.ts";
export type { MigrationFile, MigrationKind, MigrationSet, MigrationRef, AppliedMigration, PendingMigration } from "./migrations/index.ts";
export type { MissingMigration, AppliedMigrationStatus, ChecksumStatus, MigrationStatus } from "./migrations/index.ts";
export type { Logger, LogFields } from "./log/index.ts";
export type { AccessOptions, AccessConfig, AccessSetting, AccessClaims, AccessUserHook } from "./access/index.ts";
export type { AccessExemptContext, AccessExemptHook } from "./access/index.ts";
export type { AccessErrorCode, AccessFailureReason, AuthenticateOptions } from "./access/index.ts";
export type { AdminOperationName, AdminOperations, AdminRequest, AdminResults, AdminOutcome, AdminFailure } from "./admin/index.ts";
export type { CreateAdminInput, CreateAdminResult, AdminUserRow, DatabaseStats, TableStats, MigrateResult } from "./admin/index.ts";
export type { AdminErrorCode, ShardReport, AdminResponseBody, AdminStreamLine, TokenRefusal } from "./admin/index.ts";
export type { R2StorageOptions, SigningOptions, SaveOptions, UrlOptions, SignedRequestStatus, FileBody, DirectoryListing, FilesFactory } from "./storage/index.ts";
export type { ServeFileOptions, UploadOptions, CacheOptions } from "./files/index.ts";
