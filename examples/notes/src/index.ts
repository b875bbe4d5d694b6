import { byHeader, createWorker } from "../../../src/index.ts";
import type { Env } from "./env.ts";

export { NotesApp } from "./notes-app.ts";

/** Tenants by X-Tenant (default `default`); invalid tenant names answer 400. */
export default createWorker<Env>({
  binding: "APP",
  shard: byHeader("x-tenant", { default: "default" }),
});
