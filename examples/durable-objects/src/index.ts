import { byHeader, createWorker, DurableApp } from "dorm";
import { todoApp } from "./app.ts";
import type { Env } from "./app.ts";

/** One object per tenant (X-Tenant), each with its own SQLite database. */
export class TodoApp extends DurableApp<Env> {
  static override app = todoApp;
}

export default createWorker<Env>({
  binding: "APP",
  shard: byHeader("x-tenant", { default: "default" }),
});
