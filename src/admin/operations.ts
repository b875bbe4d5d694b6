import { createD1Database, createDoDatabase } from "../db/index.ts";
import {
  applyD1Migrations,
  applyDoMigrations,
  d1MigrationStatus,
  doMigrationStatus,
} from "../migrations/index.ts";
import type { MigrationSet } from "../migrations/types.ts";
import { createAdmin } from "./create-admin.ts";
import { databaseStats } from "./stats.ts";
import type { AdminOperations } from "./types.ts";

/**
 * The admin operations over a Durable Object's SQLite storage, for the
 * migrations of `set`. `DurableApp`'s RPC methods delegate here.
 *
 * @example
 * ```ts
 * const admin = doAdminOperations(ctx.storage, app.migrations);
 * await admin.migrate();
 * ```
 */
export function doAdminOperations(storage: DurableObjectStorage, set: MigrationSet): AdminOperations {
  const db = createDoDatabase(storage);
  return {
    migrate: () => applyDoMigrations(storage, set),
    migrations: () => doMigrationStatus(storage, set),
    createAdmin: (input) => createAdmin(db, input),
    stats: () => databaseStats(db, () => storage.sql.databaseSize),
  };
}

/**
 * The same operations over a D1 database, for D1 mode: there the router runs
 * them itself, since no object holds the data. The size is D1's `size_after`
 * of a trivial query.
 *
 * @example
 * ```ts
 * const admin = d1AdminOperations(env.DB, app.migrations);
 * console.log(await admin.migrations());
 * ```
 */
export function d1AdminOperations(d1: D1Database, set: MigrationSet): AdminOperations {
  const db = createD1Database(d1);
  return {
    migrate: () => applyD1Migrations(d1, set),
    migrations: () => d1MigrationStatus(d1, set),
    createAdmin: (input) => createAdmin(db, input),
    stats: () => databaseStats(db, () => d1Size(d1)),
  };
}

async function d1Size(d1: D1Database): Promise<number | null> {
  const { meta } = await d1.prepare("select 1").run();
  const size = (meta as { size_after?: unknown }).size_after;
  return typeof size === "number" && Number.isFinite(size) ? size : null;
}
