import { DatabaseError } from "./database-error.ts";
import type { ConstraintKind, DatabaseErrorCode } from "./database-error.ts";

// Both engines end up in SQLite and report its text; D1 prefixes it with
// `D1_ERROR: ` (or another `D1_…: ` tag). Locally both append the extended
// result code, e.g. `: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)`;
// hosted D1 may leave the extended part out, so the phrase is matched first.
const D1_PREFIX = /^D1_[A-Z_]+: /;

const CONSTRAINTS: readonly [RegExp, ConstraintKind][] = [
  [/SQLITE_CONSTRAINT_PRIMARYKEY/, "primary_key"],
  [/UNIQUE constraint failed/, "unique"],
  [/NOT NULL constraint failed/, "not_null"],
  [/CHECK constraint failed/, "check"],
  [/FOREIGN KEY constraint failed/, "foreign_key"],
];

const CODES: readonly [RegExp, DatabaseErrorCode][] = [
  [/SQLITE_CONSTRAINT|constraint failed/, "constraint_violation"],
  [/no such table/, "no_such_table"],
  [/no such column/, "no_such_column"],
  [/syntax error|incomplete input|unrecognized token|did not contain a statement|No SQL statements/, "syntax_error"],
  [/use the state\.storage\.transaction|cannot start a transaction|no transaction is active/, "transaction_unsupported"],
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
  const code = CODES.find(([pattern]) => pattern.test(message))?.[1] ?? "query_failed";
  if (code === "transaction_unsupported") {
    // The engine's advice (storage.transaction) is wrong for dorm users on D1.
    return new DatabaseError(
      code,
      `BEGIN, SAVEPOINT and COMMIT are not allowed: use db.batch(), or db.transaction() on DO SQLite (${message})`,
      { cause: error },
    );
  }
  const constraint =
    code === "constraint_violation" ? (CONSTRAINTS.find(([p]) => p.test(message))?.[1] ?? null) : null;
  return new DatabaseError(code, message, { cause: error, constraint });
}
