import { REQUEST_ID_HEADER } from "../http/reserved-headers.ts";

// Only ids of this shape are taken from the header: anything else (a client
// that reached the object without dorm's router) gets a fresh id, so hostile
// text never lands in a log line as an id.
const ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The router's request id when it set a well-formed one, else a new UUID. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get(REQUEST_ID_HEADER);
  return given && ID_SHAPE.test(given) ? given : crypto.randomUUID();
}
