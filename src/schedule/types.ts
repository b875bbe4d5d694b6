import type { Database } from "../db/types.ts";

/** When a task runs: a `Date`, a delay in seconds from now, or a 5-field cron expression (UTC). */
export type When = Date | number | string;

/** What a task is told about the schedule that runs it. */
export interface ScheduledTask {
  readonly id: number;
  readonly key: string | null;
  readonly name: string;
  /** The cron expression of a repeating task, else `null`. */
  readonly cron: string | null;
  /** 1 on the first try, 2 on the first retry… */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** When this run was due. */
  readonly runAt: Date;
}

/**
 * What a task handler gets beside its payload: the object's env, database,
 * shard name (stored with the schedule, so known on an alarm wake-up too) and
 * its `DurableObjectState` (storage, `getWebSockets()` to broadcast). Pass it
 * to `schedule` to schedule more work from a task.
 */
export interface TaskContext<Env> {
  readonly env: Env;
  readonly db: Database;
  readonly shard: string;
  readonly object: DurableObjectState;
  readonly task: ScheduledTask;
}

/** A task: its payload (JSON, as stored) and its context. Throw to fail the attempt. */
export type TaskHandler<Env, Payload = unknown> = (payload: Payload, task: TaskContext<Env>) => void | Promise<void>;

/** The tasks of an app, by name. Any payload type fits (`never` is the widest parameter). */
export type TaskMap<Env> = Readonly<Record<string, TaskHandler<Env, never>>>;

/** The payload a task takes (`unknown` when its handler does not say). */
export type PayloadOf<Handler> = Handler extends (payload: infer P, ...rest: never[]) => unknown ? ([P] extends [never] ? unknown : P) : unknown;

/** The delay in seconds before retry `attempt` + 1, after attempt `attempt` failed. */
export type Backoff = (attempt: number) => number;

/** What `scheduler` accepts. */
export interface SchedulerOptions<Env, Tasks extends TaskMap<Env>> {
  /** Every task an app may schedule, by name (letters, digits, `_ . : -`, at most 64). */
  readonly tasks: Tasks;
  /** Tries per run, first one included (1–100, default 3); a schedule may set its own. */
  readonly maxAttempts?: number;
  /**
   * Seconds before each retry: a number (the first delay, doubled each retry,
   * at most an hour) or a function of the failed attempt. Default 10.
   */
  readonly backoff?: number | Backoff;
}

/** Where a schedule lives: a request or task context (`ctx`), or the object's own `DurableObjectState`. */
export type ScheduleTarget = { readonly object: DurableObjectState | null; readonly shard?: string } | DurableObjectState;

/** Options of one `schedule` call. */
export interface ScheduleOptions {
  /** Names the schedule: scheduling the same key again replaces it (1–256 characters, no control characters). */
  readonly key?: string;
  /** Tries for this schedule (1–100); default: the scheduler's. */
  readonly maxAttempts?: number;
}

/** What `schedule` stored. */
export interface Scheduled {
  readonly id: number;
  readonly key: string | null;
  readonly runAt: Date;
}
