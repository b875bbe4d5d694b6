export { DurableApp } from "./durable-app.ts";
export { defineApp } from "./define-app.ts";
export { handleAppRequest } from "./handle-request.ts";
export type { AppOptions } from "./define-app.ts";
export type { AppContext, AppDefinition, AppHandler, AppUser } from "./types.ts";
export type { RequestScope } from "./handle-request.ts";
