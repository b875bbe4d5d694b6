import { createWorker, singleton } from "dorm";
import { d1Mode } from "dorm/d1";
import { todoApp } from "./app.ts";
import type { Env } from "./app.ts";

/**
 * D1 mode: the worker runs the app itself against the D1 binding `DB`; there
 * is no Durable Object. Migrations are applied by `wrangler d1 migrations
 * apply` or `dorm migrate` (d1Mode's autoMigrate is off by default).
 */
export default createWorker<Env>({
  app: todoApp,
  shard: singleton(),
  d1: d1Mode({ binding: "DB" }),
});
