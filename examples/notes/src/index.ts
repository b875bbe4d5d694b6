import { byHeader, createWorker } from "../../../src/index.ts";
import { notesApp } from "./app.ts";
import type { Env } from "./env.ts";

export { NotesApp } from "./notes-app.ts";

/**
 * Tenants by X-Tenant (default `default`); invalid tenant names answer 400.
 * `DATABASE_MODE` picks per request where the app runs: `do` (default) in the
 * tenant's Durable Object, `d1` here in the worker on the D1 binding `DB`.
 */
export default createWorker<Env>({
  binding: "APP",
  shard: byHeader("x-tenant", { default: "default" }),
  app: notesApp,
  mode: (env) => env.DATABASE_MODE,
});
