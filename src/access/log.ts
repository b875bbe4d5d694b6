import { createLogger } from "../log/logger.ts";

/** Logger name of every line the Access check writes. */
export const ACCESS_LOGGER = "dorm.access";

/** Never give it a token, a claim value or a cookie: reasons and ids only. */
export const accessLog = createLogger(ACCESS_LOGGER);
