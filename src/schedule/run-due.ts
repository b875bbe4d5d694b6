import { createLogger, describeError } from "../log/logger.ts";
import { nextCronTime, parseCron } from "./cron.ts";
import { MAX_ERROR_LENGTH, MAX_RUNS_PER_WAKE } from "./limits.ts";
import { handlerOf } from "./runtime.ts";
import type { ObjectRuntime } from "./runtime.ts";
import { deleteSchedule, dueSchedules, park, rescheduleCron, retryLater, startAttempt } from "./store.ts";
import type { StoredSchedule } from "./store.ts";

const log = createLogger("dorm.schedule");

/** Runs the schedules due now, soonest first, one at a time (at most `MAX_RUNS_PER_WAKE`). */
export async function runDue<Env>(runtime: ObjectRuntime<Env>): Promise<void> {
  for (const row of dueSchedules(runtime.scope.ctx.storage.sql, Date.now(), MAX_RUNS_PER_WAKE)) await runOne(runtime, row);
}

async function runOne<Env>({ scope, settings }: ObjectRuntime<Env>, row: StoredSchedule): Promise<void> {
  const { sql } = scope.ctx.storage;
  const fields = { shard: row.shard, id: row.id, task: row.task };
  const handler = handlerOf(settings, row.task);
  const attempt = row.attempts + 1;
  // Attempts cut short (the object restarted mid-task) count: a task that
  // always kills its object stops at its last attempt too.
  const refusal = !handler ? `unknown task ${JSON.stringify(row.task)}` : attempt > row.max_attempts ? `gave up: ${row.attempts} attempts were cut short` : null;
  if (refusal) {
    park(sql, row.id, refusal);
    log.error("schedule parked as failed", { ...fields, error: refusal });
    return;
  }
  startAttempt(sql, row.id, attempt);
  const task = { id: row.id, key: row.key, name: row.task, cron: row.cron, attempt, maxAttempts: row.max_attempts, runAt: new Date(row.run_at) };
  try {
    await handler!(JSON.parse(row.payload), { env: scope.env, db: scope.db, shard: row.shard, object: scope.ctx, task });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    if (attempt >= row.max_attempts) {
      park(sql, row.id, message);
      log.error("task failed its last attempt: parked as failed", { ...fields, attempt, error: describeError(error) });
    } else {
      retryLater(sql, row.id, Date.now() + delayMs(settings.backoff, attempt), message);
      log.warn("task failed: retrying", { ...fields, attempt, error: describeError(error) });
    }
    return;
  }
  // By id: if the task's key was scheduled again meanwhile, the replacement
  // has a new id and stays.
  if (row.cron === null) deleteSchedule(sql, row.id);
  // Missed occurrences are not caught up: one run, then the next one from now.
  else rescheduleCron(sql, row.id, nextCronTime(parseCron(row.cron), Math.max(Date.now(), row.run_at))!);
}

/** The backoff's delay in ms, kept between 0 and 30 days whatever a custom function returns (or throws). */
function delayMs(backoff: (attempt: number) => number, attempt: number): number {
  let seconds = 0;
  try {
    seconds = Number(backoff(attempt));
  } catch (error) {
    log.error("backoff threw: retrying at once", { attempt, error: describeError(error) });
  }
  return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0), 30 * 86_400) * 1000 : 0;
}
