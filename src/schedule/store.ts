// The dorm_schedules table, through the object's synchronous SQLite API: the
// scheduler lives only in Durable Objects, and statements run in one turn of
// the event loop commit together.

/** A row of dorm_schedules as stored (a type alias: the SQL API wants an indexable record). */
export type StoredSchedule = {
  readonly id: number;
  readonly key: string | null;
  readonly task: string;
  readonly payload: string;
  readonly cron: string | null;
  readonly run_at: number;
  readonly attempts: number;
  readonly max_attempts: number;
  readonly status: "pending" | "failed";
  readonly last_error: string | null;
  readonly shard: string;
  readonly created_at: number;
};

/** What a new schedule stores. */
export interface NewSchedule {
  readonly key: string | null;
  readonly task: string;
  readonly payload: string;
  readonly cron: string | null;
  readonly runAt: number;
  readonly maxAttempts: number;
  readonly shard: string;
}

type Sql = SqlStorage;

/** Stores a schedule, replacing the one with the same key; its new id, and whether it replaced one. */
export function insertSchedule(sql: Sql, row: NewSchedule): { id: number; replaced: boolean } {
  const replaced = row.key !== null && sql.exec("delete from dorm_schedules where key = ?", row.key).rowsWritten > 0;
  const id = sql
    .exec<{ id: number }>(
      "insert into dorm_schedules (key, task, payload, cron, run_at, max_attempts, shard, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id",
      row.key,
      row.task,
      row.payload,
      row.cron,
      row.runAt,
      row.maxAttempts,
      row.shard,
      Date.now(),
    )
    .one().id;
  return { id, replaced };
}

/** The time of the earliest pending schedule, or `null` when none is pending. */
export function earliestPending(sql: Sql): number | null {
  return sql.exec<{ t: number | null }>("select min(run_at) as t from dorm_schedules where status = 'pending'").one().t;
}

/** Pending schedules due at `now`, soonest first. */
export function dueSchedules(sql: Sql, now: number, limit: number): StoredSchedule[] {
  return sql
    .exec<StoredSchedule>("select * from dorm_schedules where status = 'pending' and run_at <= ? order by run_at, id limit ?", now, limit)
    .toArray();
}

/** Deletes a schedule by id or key; whether one was there. */
export function deleteSchedule(sql: Sql, idOrKey: number | string): boolean {
  const column = typeof idOrKey === "number" ? "id" : "key";
  return sql.exec(`delete from dorm_schedules where ${column} = ?`, idOrKey).rowsWritten > 0;
}

/** Records an attempt as started, so one cut short still counts. */
export function startAttempt(sql: Sql, id: number, attempt: number): void {
  sql.exec("update dorm_schedules set attempts = ? where id = ?", attempt, id);
}

/** A failed attempt with tries left: due again at `runAt`. */
export function retryLater(sql: Sql, id: number, runAt: number, error: string): void {
  sql.exec("update dorm_schedules set run_at = ?, last_error = ? where id = ?", runAt, error, id);
}

/** A run that will not be retried: kept, visible, as failed. */
export function park(sql: Sql, id: number, error: string): void {
  sql.exec("update dorm_schedules set status = 'failed', last_error = ? where id = ?", error, id);
}

/** A repeating schedule's next run, its attempts reset. */
export function rescheduleCron(sql: Sql, id: number, runAt: number): void {
  sql.exec("update dorm_schedules set run_at = ?, attempts = 0, last_error = null where id = ?", runAt, id);
}

/**
 * Parks every pending schedule of a task the app no longer declares, when the
 * object starts; resolves to the tasks and how many schedules each had. Only
 * when the declared names differ from those of the last check (a deploy): the
 * scan reads every pending row, a start otherwise one row. The tables do not
 * exist before the object's first start: nothing to check then.
 */
export function parkUnknownTasks(sql: Sql, declared: readonly string[]): { task: string; schedules: number }[] {
  const names = JSON.stringify([...declared].sort());
  let checked: string | undefined;
  try {
    checked = sql.exec<{ value: string }>("select value from dorm_schedule_meta where name = 'tasks'").toArray()[0]?.value;
  } catch {
    return [];
  }
  if (checked === names) return [];
  const pending = sql.exec<{ task: string; n: number }>("select task, count(*) as n from dorm_schedules where status = 'pending' group by task").toArray();
  const parked = pending.flatMap(({ task, n }) => {
    if (declared.includes(task)) return [];
    sql.exec("update dorm_schedules set status = 'failed', last_error = ? where status = 'pending' and task = ?", `unknown task ${JSON.stringify(task)}: the app no longer declares it`, task);
    return [{ task, schedules: n }];
  });
  sql.exec("insert or replace into dorm_schedule_meta (name, value) values ('tasks', ?)", names);
  return parked;
}
