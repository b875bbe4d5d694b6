import { HttpError } from "../errors/index.ts";
import { errorResponse } from "../http/error-response.ts";
import { REQUEST_ID_HEADER } from "../http/reserved-headers.ts";
import { describeError } from "../log/index.ts";
import { routerLog } from "./log.ts";

/**
 * The router's edge: turns anything a step threw into a response. An
 * `HttpError` answers with its own status, code and headers; anything else
 * (a broken binding, an object that threw) is logged with the request id and
 * answers a generic 500 that reveals no message or stack. Every answer carries
 * the request id so a client's report can be matched to the log line.
 */
export function errorToResponse(
  error: unknown,
  context: { requestId: string; request: Request; shard: string | undefined },
): Response {
  const { requestId } = context;
  if (error instanceof HttpError) {
    return errorResponse(error.status, error.code, error.message, {
      headers: { ...error.headers, [REQUEST_ID_HEADER]: requestId },
    });
  }
  routerLog.error("request failed", {
    requestId,
    method: context.request.method,
    // The path only: query strings may carry secrets (signed URLs, tokens).
    path: new URL(context.request.url).pathname,
    shard: context.shard,
    error: describeError(error),
  });
  return errorResponse(500, "internal_error", "internal error", {
    headers: { [REQUEST_ID_HEADER]: requestId },
  });
}
