export { errorResponse } from "./error-response.ts";
export { discardBody, DISCARD_LIMIT_BYTES } from "./discard-body.ts";
export { readBodyLimited } from "./read-body.ts";
export { readJson, DEFAULT_JSON_LIMIT } from "./read-json.ts";
export { RESERVED_HEADER_PREFIX, REQUEST_ID_HEADER } from "./reserved-headers.ts";
