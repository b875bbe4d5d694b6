import { REQUEST_ID_HEADER } from "./reserved-headers.ts";

/** What {@link errorResponse} adds besides the code and the message. */
export interface ErrorResponseOptions {
  readonly headers?: HeadersInit;
  /** Put in the body as `requestId` and in the `x-dorm-request-id` header. */
  readonly requestId?: string | undefined;
  /** More fields of the body (a failed migration's `file`, an admin report). */
  readonly extra?: Record<string, unknown>;
}

/**
 * The one JSON error shape every dorm edge answers with:
 * `{"error": "<code>", "message": "<prose>", "requestId": "<id>"}` (plus any
 * extra fields), the request id also in the `x-dorm-request-id` header, so a
 * client's report can be matched to the log line.
 *
 * @example
 * ```ts
 * return errorResponse(404, "not_found", "no such note", { requestId });
 * ```
 */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  options: ErrorResponseOptions = {},
): Response {
  const headers = new Headers(options.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  const { requestId } = options;
  if (requestId !== undefined) headers.set(REQUEST_ID_HEADER, requestId);
  const body = { error: code, message, ...(requestId !== undefined && { requestId }), ...options.extra };
  return new Response(JSON.stringify(body), { status, headers });
}

/** The answer to anything unexpected: a 500 that says nothing about the cause. */
export function internalError(requestId: string | undefined): Response {
  return errorResponse(500, "internal_error", "An internal error occurred.", { requestId });
}
