export { sql } from "./sql.ts";
export { createDoDatabase } from "./do-database.ts";
export { createD1Database } from "./d1-database.ts";
export { DatabaseError } from "./database-error.ts";
export type { SqlFragment } from "./sql.ts";
export type { DatabaseErrorCode, ConstraintKind } from "./database-error.ts";
export type { BatchOptions } from "./batch-options.ts";
export type {
  BatchResult,
  BatchRows,
  Database,
  DatabaseEngine,
  Query,
  Row,
  RunResult,
  SqlResultValue,
  SqlValue,
} from "./types.ts";
