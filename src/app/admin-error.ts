import { DormError } from "../errors/dorm-error.ts";

/** Stable codes of {@link AdminError}. */
export type AdminErrorCode = "invalid_input" | "not_migrated" | "not_available";

/**
 * An admin operation refused its input (`invalid_input`: a malformed email,
 * a name too long) or found the database without dorm's tables
 * (`not_migrated`: run `migrate` first), or the app lacks the feature an
 * operation needs (`not_available`: createAdmin without Access). Over HTTP
 * each shard's report carries the code. Across RPC the name and `code`
 * survive as properties (from compatibility date 2026-04-21); `dormAdmin`
 * also returns the code as data.
 *
 * @example
 * ```ts
 * try { await stub.createAdmin({ email: "not an email" }) }
 * catch (e) { console.error(e.code, e.message) } // invalid_input email: must look like name@example.com
 * ```
 */
export class AdminError extends DormError {
  override name = "AdminError";
  declare readonly code: AdminErrorCode;

  constructor(code: AdminErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
