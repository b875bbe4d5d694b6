import type { AppDefinition } from "../app/types.ts";
import { d1MigrationStatus } from "../migrations/d1-status.ts";

// Databases known to have nothing pending, per app, in this isolate: checked
// until clean, then never again (a deploy with new files is a new isolate).
const clean = new WeakMap<D1Database, WeakSet<object>>();

/**
 * The migrations (built-ins and the app's) not yet applied to a D1 database,
 * as `kind name` lines, or `[]`. One status read per request only while some
 * are pending; none once the database was seen clean in this isolate.
 */
export async function pendingD1Migrations<Env>(db: D1Database, app: AppDefinition<Env>): Promise<string[]> {
  if (clean.get(db)?.has(app)) return [];
  const { pending } = await d1MigrationStatus(db, app.migrations);
  if (pending.length === 0) {
    let apps = clean.get(db);
    if (!apps) clean.set(db, (apps = new WeakSet()));
    apps.add(app);
  }
  return pending.map(({ kind, name }) => `${kind} ${name}`);
}
