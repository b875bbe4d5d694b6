import { DormError } from "../errors/dorm-error.ts";
import type { AppliedMigration, MigrationKind } from "./types.ts";

/**
 * A migration file failed and was rolled back whole: none of its statements
 * and no ledger row remain, and no later file was attempted. `file` and `kind`
 * name it; the message keeps the engine's own (SQLite's) message and `cause`
 * is the engine's error. `applied` lists what the same call applied before it
 * failed (those stay applied).
 *
 * @example
 * ```ts
 * try { await applyDoMigrations(ctx.storage, migrations) }
 * catch (e) { if (e instanceof MigrationError) console.error(e.kind, e.file, e.message) }
 * ```
 */
export class MigrationError extends DormError {
  override name = "MigrationError";
  readonly file: string;
  readonly kind: MigrationKind;
  readonly applied: readonly AppliedMigration[];

  constructor(
    kind: MigrationKind,
    file: string,
    message: string,
    options?: { cause?: unknown; applied?: readonly AppliedMigration[] },
  ) {
    super("migration_failed", `${kind} migration ${file}: ${message}`, options);
    this.kind = kind;
    this.file = file;
    this.applied = options?.applied ?? [];
  }
}

/** The `MigrationError` for `error` thrown while applying `file`, keeping the engine's message. */
export function migrationFailed(
  kind: MigrationKind,
  file: string,
  error: unknown,
  applied: readonly AppliedMigration[],
): MigrationError {
  const message = error instanceof Error ? error.message : String(error);
  return new MigrationError(kind, file, message, { cause: error, applied: [...applied] });
}
