export { createLogger, describeError } from "./logger.ts";
export type { Logger, LogFields } from "./logger.ts";
