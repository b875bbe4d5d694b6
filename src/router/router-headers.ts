import { REQUEST_ID_HEADER, RESERVED_HEADER_PREFIX } from "../http/reserved-headers.ts";

/**
 * The request the router forwards. When `requestId` is the request's own
 * `cf-ray` (the object derives the same id) and no client `x-dorm-*` header
 * came in, that is the client's request itself: no copy. Otherwise a copy
 * with every `x-dorm-*` header removed (they carry what only the router may
 * assert, so a client's copy must never reach the object) and
 * `x-dorm-request-id` set. The body is moved, not copied, so the original
 * must not be read after this.
 *
 * @example
 * ```ts
 * const forwarded = withRouterHeaders(request, edgeRequestId(request) ?? crypto.randomUUID());
 * ```
 */
export function withRouterHeaders(request: Request, requestId: string): Request {
  const reserved: string[] = [];
  // Collect first: deleting while iterating a Headers object skips entries.
  for (const name of request.headers.keys()) {
    if (name.toLowerCase().startsWith(RESERVED_HEADER_PREFIX)) reserved.push(name);
  }
  if (reserved.length === 0 && request.headers.get("cf-ray") === requestId) return request;
  const headers = new Headers(request.headers);
  for (const name of reserved) headers.delete(name);
  headers.set(REQUEST_ID_HEADER, requestId);
  return new Request(request, { headers });
}
