import { HttpError } from "../errors/index.ts";
import { errorResponse } from "../http/error-response.ts";
import type { Logger } from "../log/index.ts";
import { describeError } from "../log/index.ts";

/**
 * Turns what a handler threw into the response the client sees. A typed
 * `HttpError` keeps its status and code; anything else is a 500 whose body
 * says nothing about the cause (no message, no stack) and carries the request
 * id, while the full error goes to the log under that id.
 */
export function errorToResponse(error: unknown, requestId: string, log: Logger): Response {
  if (error instanceof HttpError) {
    if (error.status >= 500) log.error("handler failed", { requestId, error: describeError(error) });
    return errorResponse(error.status, error.code, error.message, { headers: error.headers });
  }
  log.error("unhandled error", { requestId, error: describeError(error) });
  return errorResponse(500, "internal_error", "An internal error occurred.", {
    extra: { requestId },
  });
}
