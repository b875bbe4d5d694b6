import { createWorker, singleton } from "dorm";
import { todoApp } from "./app.ts";
import type { Env } from "./app.ts";

/**
 * D1 mode: the worker runs the app itself against the D1 binding `DB`; there
 * is no Durable Object. Migrations are applied by `wrangler d1 migrations
 * apply` or `dorm migrate` (d1AutoMigrate is off by default).
 */
export default createWorker<Env>({
  mode: "d1",
  app: todoApp,
  shard: singleton(),
});
