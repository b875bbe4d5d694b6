import { DormError } from "../errors/dorm-error.ts";

/**
 * Why a request was refused, for the log line (never for the client, which
 * only sees 401, 403 or 500 with a generic message).
 */
export type AccessFailureReason =
  | "missing_token"
  | "token_too_large"
  | "malformed_token"
  | "algorithm_not_allowed"
  | "issuer_not_allowed"
  | "unknown_key"
  | "bad_signature"
  | "expired"
  | "not_yet_valid"
  | "audience_not_allowed"
  | "invalid_claims"
  | "no_identity"
  | "inactive_user"
  | "not_authorized"
  | "keys_unavailable";

/** The stable codes of {@link AccessError}, by the status the edge answers. */
export type AccessErrorCode = "unauthorized" | "forbidden" | "keys_unavailable";

const STATUS: Record<AccessErrorCode, 401 | 403 | 500> = {
  unauthorized: 401,
  forbidden: 403,
  keys_unavailable: 500,
};

/**
 * A refused Access check. `code` decides the status (401, 403, 500);
 * `reason` says what was wrong, for logs and tests only.
 *
 * @example
 * ```ts
 * try { await verifyAccessToken(token, config) }
 * catch (e) { if (e instanceof AccessError && e.code === "unauthorized") … }
 * ```
 */
export class AccessError extends DormError {
  override name = "AccessError";
  override readonly code: AccessErrorCode;
  readonly reason: AccessFailureReason;
  readonly status: 401 | 403 | 500;

  constructor(code: AccessErrorCode, reason: AccessFailureReason, options?: { cause?: unknown }) {
    super(code, `Access check failed: ${reason}`, options);
    this.code = code;
    this.reason = reason;
    this.status = STATUS[code];
  }
}

/** Shorthand for the common case: a 401 with its reason. */
export function unauthorized(reason: AccessFailureReason, cause?: unknown): AccessError {
  return new AccessError("unauthorized", reason, cause === undefined ? undefined : { cause });
}
