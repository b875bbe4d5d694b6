import { REQUEST_ID_HEADER, RESERVED_HEADER_PREFIX } from "../http/reserved-headers.ts";

/**
 * The client's request with every `x-dorm-*` header removed (they carry what
 * only the router may assert, so a client's copy must never reach the object)
 * and a fresh request id set. Method, URL, body stream and all other headers
 * are kept; the body is moved, not copied, so the original must not be read.
 *
 * @example
 * ```ts
 * const forwarded = withRouterHeaders(request, crypto.randomUUID());
 * ```
 */
export function withRouterHeaders(request: Request, requestId: string): Request {
  const headers = new Headers(request.headers);
  // Collect first: deleting while iterating a Headers object skips entries.
  const reserved = [...headers.keys()].filter((name) =>
    name.toLowerCase().startsWith(RESERVED_HEADER_PREFIX),
  );
  for (const name of reserved) headers.delete(name);
  headers.set(REQUEST_ID_HEADER, requestId);
  return new Request(request, { headers });
}
