import { DormError } from "../errors/dorm-error.ts";

/** Stable codes of {@link AdminError}. */
export type AdminErrorCode = "invalid_input" | "not_migrated" | "not_available";

/**
 * An admin operation refused its input (`invalid_input`: a malformed email,
 * a name too long) or found the database without dorm's tables
 * (`not_migrated`: run `migrate` first), or the app lacks the feature an
 * operation needs (`not_available`: createAdmin without Access). Over HTTP both answer per shard with
 * the code. Across RPC only the message survives, prefixed with the class
 * name by the runtime (`dormAdmin` returns the code as data instead).
 *
 * @example
 * ```ts
 * try { await stub.createAdmin({ email: "not an email" }) }
 * catch (e) { console.error(e.message) } // "AdminError: email: must look like name@example.com"
 * ```
 */
export class AdminError extends DormError {
  override name = "AdminError";
  declare readonly code: AdminErrorCode;

  constructor(code: AdminErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
