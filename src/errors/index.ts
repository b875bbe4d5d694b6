export { DormError } from "./dorm-error.ts";
export { HttpError } from "./http-error.ts";
export { ConfigError } from "./config-error.ts";
