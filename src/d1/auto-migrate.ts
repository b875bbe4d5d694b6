import type { AppDefinition } from "../app/types.ts";
import { applyD1Migrations } from "../migrations/d1-apply.ts";
import { MigrationError } from "../migrations/migration-error.ts";
import { createLogger } from "../log/logger.ts";

const log = createLogger("dorm.d1");

/** The outcome of one isolate's automatic D1 migration run. */
export type D1MigrationOutcome = { ok: true } | { ok: false; message: string; file: string };

// One run per D1 binding and app per isolate: D1 mode has no object whose
// constructor could run it once, so the isolate plays that part.
const runs = new WeakMap<D1Database, Map<AppDefinition<never>, Promise<D1MigrationOutcome>>>();

/**
 * Applies the app's pending migrations to D1 once per isolate and remembers
 * the outcome, so a failed migration answers 503 `migration_failed` (as in DO
 * mode) without re-running on every request.
 */
export function ensureD1Migrated<Env>(db: D1Database, app: AppDefinition<Env>): Promise<D1MigrationOutcome> {
  let perApp = runs.get(db);
  if (!perApp) runs.set(db, (perApp = new Map()));
  const key = app as AppDefinition<never>;
  let run = perApp.get(key);
  if (!run) {
    run = migrate(db, app);
    perApp.set(key, run);
    // An unexpected error (D1 unreachable) is not remembered: the next request retries.
    const forget = perApp;
    run.catch(() => forget.delete(key));
  }
  return run;
}

async function migrate<Env>(db: D1Database, app: AppDefinition<Env>): Promise<D1MigrationOutcome> {
  try {
    const applied = await applyD1Migrations(db, app.migrations);
    if (applied.length > 0) log.info("applied D1 migrations", { applied });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    log.error("D1 migration failed; requests answer 503 until it is fixed", {
      file: error.file,
      message: error.message,
    });
    return { ok: false, message: error.message, file: error.file };
  }
}
