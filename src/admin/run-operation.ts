import { DormError } from "../errors/dorm-error.ts";
import { MigrationError } from "../migrations/migration-error.ts";
import { AdminError } from "../app/admin-error.ts";
import type { ScheduleListOptions } from "../app/schedule-listing.ts";
import { objectSchedules } from "../schedule/registry.ts";
import type { AdminOperations, AdminOutcome, AdminRequest, CreateAdminInput } from "../app/admin-types.ts";

const SCHEDULES_NOT_AVAILABLE = "needs dorm/schedule (not in D1 mode)";

/**
 * Runs one admin request against `operations` (a `DurableApp`, or the
 * operations over D1 in D1 mode) and reports the outcome as plain data.
 * dorm's own errors become `{ ok: false, error: { code, message } }` (a failed
 * migration also names its `file` and what was `applied` before it); any other
 * error is thrown, for the caller's edge to log and report.
 *
 * @example
 * ```ts
 * const outcome = await runAdminOperation({ op: "stats" }, shardOperations(d1Mode().database(app, env), app.access?.createAdmin));
 * if (outcome.ok) console.log(outcome.result);
 * ```
 */
export async function runAdminOperation(request: AdminRequest, operations: AdminOperations): Promise<AdminOutcome> {
  try {
    // Typed, but it arrives over RPC from any worker bound to the namespace.
    switch ((request as AdminRequest | null)?.op) {
      case "migrate": {
        const applied = await operations.migrate();
        // An applied file edited since is reported, not re-run: the caller must see it.
        const changed = (await operations.migrations()).applied.flatMap(({ kind, name, checksum }) =>
          checksum === "changed" ? [{ kind, name }] : [],
        );
        return { ok: true, result: { applied, changed } };
      }
      case "migrations":
        return { ok: true, result: await operations.migrations() };
      case "create-admin":
        return { ok: true, result: await operations.createAdmin((request as { input: CreateAdminInput }).input) };
      case "stats":
        return { ok: true, result: await operations.stats() };
      case "schedules": {
        // The object's scheduler, found by the object (`operations` is the DurableApp).
        const schedules = objectSchedules.get(operations);
        if (!schedules) throw new AdminError("not_available", SCHEDULES_NOT_AVAILABLE);
        return { ok: true, result: schedules.list((request as { input?: ScheduleListOptions }).input) };
      }
      default:
        return unknownOperation(request);
    }
  } catch (error) {
    if (error instanceof MigrationError) {
      return {
        ok: false,
        error: { code: error.code, message: error.message, file: error.file, applied: [...error.applied] },
      };
    }
    if (error instanceof DormError) return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

function unknownOperation(request: unknown): AdminOutcome {
  const op = typeof request === "object" && request !== null ? (request as { op?: unknown }).op : undefined;
  return { ok: false, error: { code: "unknown_operation", message: `no admin operation ${JSON.stringify(op)}` } };
}
