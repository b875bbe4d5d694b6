import { errorResponse, internalError } from "../http/error-response.ts";
import type { AccessError } from "./access-error.ts";
import { accessLog } from "./log.ts";

/**
 * The answer to a refused Access check. The body says only what the status
 * says (no reason, no claim, no key id): the reason goes to the log under the
 * request id, and a missing token, the everyday case, is not logged at all.
 */
export function accessErrorResponse(error: AccessError, requestId: string | undefined): Response {
  if (error.status === 500) {
    accessLog.error("Access keys unavailable; answering 500", { requestId, reason: error.reason });
    return internalError(requestId);
  }
  if (error.reason !== "missing_token") {
    accessLog.info("refused a request", { requestId, status: error.status, reason: error.reason });
  }
  if (error.status === 403) {
    const message = error.reason === "inactive_user" ? "this account is not active" : "not allowed on this shard";
    return errorResponse(403, "forbidden", message, { requestId });
  }
  return errorResponse(401, "unauthorized", "a valid Cloudflare Access token is required", { requestId });
}
