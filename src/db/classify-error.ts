import { DatabaseError } from "./database-error.ts";
import type { ConstraintKind, DatabaseErrorCode } from "./database-error.ts";

// Both engines end up in SQLite and report its text; D1 prefixes it with
// `D1_ERROR: ` (or another `D1_…: ` tag). Locally both append the extended
// result code, e.g. `: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)`;
// hosted D1 may leave the extended part out, so the phrase is matched first.
const D1_PREFIX = /^D1_[A-Z_]+: /;

// Tried in order; the first whose phrase the message contains decides.
const CODES: readonly [string, DatabaseErrorCode][] = [
  ["constraint failed", "constraint_violation"],
  ["SQLITE_CONSTRAINT", "constraint_violation"],
  ["no such table", "no_such_table"],
  ["no such column", "no_such_column"],
  ["syntax error", "syntax_error"],
  ["incomplete input", "syntax_error"],
  ["unrecognized token", "syntax_error"],
  ["did not contain a statement", "syntax_error"],
  ["No SQL statements", "syntax_error"],
  ["storage.transaction", "transaction_unsupported"],
  ["cannot start a transaction", "transaction_unsupported"],
  ["no transaction is active", "transaction_unsupported"],
];

// PRIMARYKEY first: SQLite words a primary key violation "UNIQUE constraint failed".
const CONSTRAINTS: readonly [string, ConstraintKind][] = [
  ["PRIMARYKEY", "primary_key"],
  ["UNIQUE", "unique"],
  ["NOT NULL", "not_null"],
  ["CHECK", "check"],
  ["FOREIGN KEY", "foreign_key"],
];

/**
 * Turns whatever an engine threw into a {@link DatabaseError}, keeping the
 * engine's text as `message` and the original as `cause`. A `DatabaseError`
 * passes through unchanged.
 *
 * @example
 * ```ts
 * try { cursor = storage.sql.exec(text, ...params) } catch (e) { throw classifyError(e) }
 * ```
 */
export function classifyError(error: unknown): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const message = (error instanceof Error ? error.message : String(error)).replace(D1_PREFIX, "");
  const found = (table: readonly [string, string][]) => table.find(([phrase]) => message.includes(phrase))?.[1];
  const code = (found(CODES) ?? "query_failed") as DatabaseErrorCode;
  if (code === "transaction_unsupported") {
    // The engine's advice (storage.transaction) is wrong for dorm users on D1.
    return new DatabaseError(code, `use db.batch(), or db.transaction() on DO SQLite, instead of BEGIN or SAVEPOINT (${message})`, { cause: error });
  }
  const constraint = code === "constraint_violation" ? ((found(CONSTRAINTS) as ConstraintKind | undefined) ?? null) : null;
  return new DatabaseError(code, message, { cause: error, constraint });
}
