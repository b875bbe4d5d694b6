// Types only (no bytes in any bundle): the admin operation `schedules` reports
// them, and dorm/schedule's `list` returns them.

/** A stored schedule as `list` and the admin operation report it: plain JSON, times as ISO text. */
export interface ScheduleRow {
  readonly id: number;
  readonly key: string | null;
  readonly task: string;
  readonly payload: unknown;
  readonly cron: string | null;
  /** When it runs next (pending), or when its last attempt was due (failed). */
  readonly runAt: string;
  /** Attempts made of the current run. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly status: "pending" | "failed";
  readonly lastError: string | null;
  readonly shard: string;
  readonly createdAt: string;
}

/** What to list: a page of at most `limit` (1–100, default 50), after `cursor`, of one `status` or both. */
export interface ScheduleListOptions {
  readonly limit?: number;
  readonly cursor?: string;
  readonly status?: "pending" | "failed";
}

/** One page of schedules, soonest first; `cursor` is `null` after the last page. */
export interface ScheduleListing {
  readonly schedules: readonly ScheduleRow[];
  readonly cursor: string | null;
}
