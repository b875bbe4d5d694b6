/**
 * Headers that only dorm's router may set. The router deletes any header with
 * this prefix that arrives from a client before it adds its own, so an object
 * behind it never sees a client's copy.
 */
export const RESERVED_HEADER_PREFIX = "x-dorm-";

/** Correlates the router's and the object's log lines for one request. */
export const REQUEST_ID_HEADER = "x-dorm-request-id";
