import type { AppAdmin } from "../app/admin-types.ts";
import { applyDoMigrations } from "../migrations/do-apply.ts";
import { doMigrationStatus } from "../migrations/do-status.ts";
import { runAdminOperation } from "./run-operation.ts";
import { shardOperations } from "./shard-operations.ts";

/**
 * The admin operations for `defineApp({ admin })`: `migrate`, `migrations`,
 * `createAdmin` (with Access, which brings the users table) and `stats`, as
 * RPC methods of the app's `DurableApp`. Mount `adminRoutes()` on the router
 * to reach them over HTTP and from the `dorm` CLI (in D1 mode the routes run
 * them on D1 themselves, with or without this).
 *
 * @example
 * ```ts
 * import { adminApi, adminRoutes } from "dorm/admin";
 * export const app = defineApp<Env>({ fetch: router, migrations, admin: adminApi() });
 * export default createWorker<Env>({ binding: "APP", shard, app, admin: adminRoutes() });
 * ```
 */
export function adminApi(): AppAdmin {
  return {
    objectOperations(storage, db, app) {
      const shard = {
        db,
        migrate: () => applyDoMigrations(storage, app.migrations),
        migrations: () => doMigrationStatus(storage, app.migrations),
        size: () => storage.sql.databaseSize,
      };
      return shardOperations(shard, app.access?.createAdmin);
    },
    run: runAdminOperation,
  };
}
