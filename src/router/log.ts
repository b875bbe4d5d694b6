import { createLogger } from "../log/logger.ts";

/** Logger name of every line the router writes. */
export const ROUTER_LOGGER = "dorm.router";

/** The router's logger: one JSON line per entry, so hostile values cannot forge lines. */
export const routerLog = createLogger(ROUTER_LOGGER);
