// Entry of the workers test project: exports every class the test
// wrangler.toml binds. Tests import what they exercise directly.
export { SqlObject } from "./fixtures/sql-object.ts";
export { EchoObject } from "./fixtures/echo-object.ts";
export { TestApp } from "./fixtures/test-app.ts";
export { DurableObject as NotesApp } from "cloudflare:workers";

export default {
  fetch(): Response {
    return new Response("dorm workers test worker");
  },
};
