import { AdminError } from "../app/admin-error.ts";
import { databaseStats } from "./stats.ts";
import type { AdminOperations, CreateAdminFn, ShardDatabase } from "../app/admin-types.ts";

/**
 * The admin operations over one shard's database, the same on both engines.
 * `createAdmin` comes from the app's users feature (Access brings the users
 * table); without one the operation answers `not_available`.
 *
 * @example
 * ```ts
 * const operations = shardOperations(shardDatabase, app.access?.createAdmin);
 * await operations.stats();
 * ```
 */
export function shardOperations(shard: ShardDatabase, createAdmin: CreateAdminFn | undefined): AdminOperations {
  return {
    migrate: () => shard.migrate(),
    migrations: () => shard.migrations(),
    createAdmin: (input) => {
      if (!createAdmin) {
        throw new AdminError(
          "not_available",
          "createAdmin needs the users table, which comes with Access: defineApp({ access }) from dorm/access",
        );
      }
      return createAdmin(shard.db, input);
    },
    stats: () => databaseStats(shard.db, () => shard.size()),
  };
}
