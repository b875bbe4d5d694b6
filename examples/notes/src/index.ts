import { env } from "cloudflare:workers";
import { byHeader, createWorker } from "../../../src/index.ts";
import { adminRoutes } from "../../../src/admin/index.ts";
import { d1Mode } from "../../../src/d1/index.ts";
import { notesAccess } from "./access.ts";
import { notesApp } from "./app.ts";
import type { Env } from "./env.ts";

// Read the Access vars when the worker loads, so a bad ACCESS_* value fails
// `npm start` at once and "Access is off" is said at startup, not on the first request.
notesAccess.config(env as unknown as Env);

export { NotesApp } from "./notes-app.ts";
export { TenantDirectory } from "./directory.ts";

/**
 * Tenants by X-Tenant (default `default`); invalid tenant names answer 400.
 * `DATABASE_MODE` picks per request where the app runs: `do` (default) in the
 * tenant's Durable Object, `d1` here in the worker on the D1 binding `DB`.
 */
export default createWorker<Env>({
  binding: "APP",
  shard: byHeader("x-tenant", { default: "default" }),
  app: notesApp,
  admin: adminRoutes({ token: (env) => env.ADMIN_TOKEN }),
  d1: d1Mode({ mode: (env) => env.DATABASE_MODE }),
});
