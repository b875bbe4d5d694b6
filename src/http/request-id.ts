import { REQUEST_ID_HEADER } from "./reserved-headers.ts";

// Cloudflare's edge puts a `cf-ray` on every request (16 hex digits and the
// data centre); a client cannot set it there. Router and object both see the
// same value, so it can serve as the request id without the router copying
// the request to add one (the copy: 6.5 µs against 1.5 µs, bench "parts").
const RAY = /^[0-9a-f]{16}(?:-[A-Z]{3,4})?$/;
// A UUID's shape, loosely: 36 of hex digits and dashes, all a log line needs to be safe.
const UUID = /^[0-9a-f-]{36}$/;

/** The request's well-formed `cf-ray`, or null (local runs have none). */
export function edgeRequestId(request: Request): string | null {
  const ray = request.headers.get("cf-ray");
  return ray !== null && RAY.test(ray) ? ray : null;
}

/**
 * The id an object logs a request under: the router's `x-dorm-request-id`
 * when it is well-formed (a UUID or a ray), else the edge's `cf-ray`, else a
 * new UUID. Only those shapes are taken, so hostile text never lands in a log
 * line as an id.
 */
export function requestIdOf(request: Request): string {
  const given = request.headers.get(REQUEST_ID_HEADER);
  if (given !== null && (UUID.test(given) || RAY.test(given))) return given;
  return edgeRequestId(request) ?? crypto.randomUUID();
}
