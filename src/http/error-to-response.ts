import { HttpError } from "../errors/http-error.ts";
import type { LogFields, Logger } from "../log/logger.ts";
import { describeError } from "../log/logger.ts";
import { errorResponse, internalError } from "./error-response.ts";

/**
 * Turns what a handler or a router step threw into the response the client
 * sees. A typed `HttpError` keeps its status, code and headers; anything else
 * is a 500 whose body says nothing about the cause (no message, no stack)
 * while the whole error goes to the log under the request id. The router and
 * the object both answer through here, so every error has one shape.
 */
export function errorToResponse(error: unknown, requestId: string, log: Logger, fields?: LogFields): Response {
  if (error instanceof HttpError) {
    if (error.status >= 500) log.error("request failed", { requestId, ...fields, error: describeError(error) });
    return errorResponse(error.status, error.code, error.message, { headers: error.headers, requestId });
  }
  log.error("request failed", { requestId, ...fields, error: describeError(error) });
  return internalError(requestId);
}
