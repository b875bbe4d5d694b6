// Entry of the workers test project: exports every class the test
// wrangler.toml binds. Tests import what they exercise directly.
export { SqlObject } from "./fixtures/sql-object.ts";
export { EchoObject } from "./fixtures/echo-object.ts";
export { TestApp } from "./fixtures/test-app.ts";
export { FeatureApp } from "./fixtures/feature-app.ts";
export { ScheduleApp } from "./fixtures/schedule-app.ts";
export { SocketsApp, SocketsAccessApp } from "./fixtures/sockets-app.ts";
export { BrokenApp } from "./fixtures/broken-app.ts";
export { ManualApp } from "./fixtures/manual-app.ts";
export { AdminApp } from "./fixtures/admin-app.ts";
export { AdminRecoverApp } from "./fixtures/admin-recover-app.ts";
export { AccessApp, AccessHookApp } from "./fixtures/access-app.ts";
export { NotesApp } from "../../examples/notes/src/notes-app.ts";
export { TenantDirectory } from "../../examples/notes/src/directory.ts";

export default {
  fetch(): Response {
    return new Response("dorm workers test worker");
  },
};
