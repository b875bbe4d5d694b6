import type { ScheduleListing, ScheduleListOptions, ScheduleRow } from "../app/schedule-listing.ts";
import { ConfigError } from "../errors/config-error.ts";
import { DEFAULT_PAGE, MAX_PAGE } from "./limits.ts";
import { ScheduleError } from "./schedule-error.ts";
import type { StoredSchedule } from "./store.ts";

const CURSOR = /^([0-9]{1,16}):([0-9]{1,16})$/;

/**
 * One page of the object's schedules, soonest first (failed ones by the time
 * their last attempt was due). The cursor is the page's last `runAt:id`; a
 * schedule retried or rescheduled while you page may move past it.
 */
export function listSchedules(sql: SqlStorage, options: ScheduleListOptions = {}): ScheduleListing {
  if (typeof options !== "object" || options === null) throw new ConfigError("list", "options must be an object");
  const { limit = DEFAULT_PAGE, cursor, status } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new ConfigError("limit", `must be a whole number from 1 to ${MAX_PAGE}`);
  if (status !== undefined && status !== "pending" && status !== "failed") throw new ConfigError("status", 'must be "pending" or "failed"');
  let after = [-1, -1];
  if (cursor !== undefined) {
    const match = typeof cursor === "string" ? CURSOR.exec(cursor) : null;
    if (!match) throw new ScheduleError("invalid_cursor", "cursor must be the cursor of a previous page");
    after = [Number(match[1]), Number(match[2])];
  }
  const rows = sql
    .exec<StoredSchedule>(
      "select * from dorm_schedules where (?1 is null or status = ?1) and (run_at > ?2 or (run_at = ?2 and id > ?3)) order by run_at, id limit ?4",
      status ?? null,
      after[0]!,
      after[1]!,
      limit + 1,
    )
    .toArray();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { schedules: page.map(rowOf), cursor: rows.length > limit && last ? `${last.run_at}:${last.id}` : null };
}

function rowOf(row: StoredSchedule): ScheduleRow {
  return {
    id: row.id,
    key: row.key,
    task: row.task,
    payload: JSON.parse(row.payload),
    cron: row.cron,
    runAt: new Date(row.run_at).toISOString(),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    status: row.status,
    lastError: row.last_error,
    shard: row.shard,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
