import { DormError } from "../errors/dorm-error.ts";

/** Stable codes of {@link DatabaseError}; callers branch on these, never on `message`. */
export type DatabaseErrorCode =
  | "constraint_violation"
  | "syntax_error"
  | "no_such_table"
  | "no_such_column"
  | "invalid_value"
  | "integer_out_of_range"
  | "transaction_unsupported"
  | "query_failed";

/** Which kind of constraint a `constraint_violation` broke. */
export type ConstraintKind = "unique" | "primary_key" | "not_null" | "check" | "foreign_key";

/**
 * An error from the database layer, the same for DO SQLite and D1. `message`
 * keeps the engine's own text (minus D1's `D1_ERROR: ` prefix) and `cause` the
 * original error, so nothing the engine said is lost.
 *
 * @example
 * ```ts
 * try {
 *   await db.run(sql`insert into users (email) values (${email})`);
 * } catch (e) {
 *   if (e instanceof DatabaseError && e.constraint === "unique") throw new HttpError(409, "taken", "email in use");
 *   throw e;
 * }
 * ```
 */
export class DatabaseError extends DormError {
  override name = "DatabaseError";
  declare readonly code: DatabaseErrorCode;
  /** Set only for `constraint_violation`; `null` when the engine did not say which kind. */
  readonly constraint: ConstraintKind | null;

  constructor(
    code: DatabaseErrorCode,
    message: string,
    options?: { cause?: unknown; constraint?: ConstraintKind | null },
  ) {
    super(code, message, options);
    this.constraint = options?.constraint ?? null;
  }
}
