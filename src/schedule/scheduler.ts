import type { ObjectFeature } from "../app/object-feature.ts";
import type { ScheduleListing, ScheduleListOptions } from "../app/schedule-listing.ts";
import { ConfigError } from "../errors/config-error.ts";
import { createLogger, describeError } from "../log/logger.ts";
import { arm, armFor } from "./arm.ts";
import { checkAttempts, checkKey, checkTask, payloadText } from "./inputs.ts";
import { listSchedules } from "./list.ts";
import { migrations } from "./migrations/manifest.ts";
import { objectSchedules } from "./registry.ts";
import { runDue } from "./run-due.ts";
import type { ObjectRuntime } from "./runtime.ts";
import { checkSettings } from "./settings.ts";
import { deleteSchedule, insertSchedule, parkUnknownTasks } from "./store.ts";
import type { PayloadOf, Scheduled, ScheduleOptions, SchedulerOptions, ScheduleTarget, TaskMap, When } from "./types.ts";
import { timingOf } from "./when.ts";

const log = createLogger("dorm.schedule");

/** The scheduler: the feature for `defineApp({ schedule })`, and the calls that schedule, cancel and list. */
export interface Scheduler<Env, Tasks extends TaskMap<Env>> extends ObjectFeature<Env> {
  /**
   * Stores a schedule and moves the alarm if it is now the earliest. `when`:
   * a `Date`, a delay in seconds, or a cron expression (UTC, repeats).
   * Throws `ConfigError` for an unknown task or bad options (and in D1 mode),
   * `ScheduleError` (an `HttpError`, 400/413) for a bad `when`, payload or key.
   */
  schedule<Name extends keyof Tasks & string>(
    target: ScheduleTarget,
    when: When,
    task: Name,
    payload: PayloadOf<Tasks[Name]>,
    options?: ScheduleOptions,
  ): Promise<Scheduled>;
  /** Deletes a schedule by id or key (pending or failed); whether there was one. */
  cancel(target: ScheduleTarget, idOrKey: number | string): Promise<boolean>;
  /** One page of the object's schedules, soonest first. */
  list(target: ScheduleTarget, options?: ScheduleListOptions): Promise<ScheduleListing>;
}

/**
 * A persistent scheduler over the Durable Object's one alarm, for
 * `defineApp({ schedule })`. Tasks are declared here by name; schedules live in
 * the object's `dorm_schedules` table (a built-in migration), the alarm is
 * kept at the earliest one, and each runs at least once: a task that throws is
 * retried with backoff, and after its last attempt stays listed as failed.
 *
 * @example
 * ```ts
 * import { scheduler } from "dorm/schedule";
 * export const jobs = scheduler<Env>({
 *   tasks: { remind: async (payload: { id: number }, { db, object }) => { … } },
 * });
 * export const app = defineApp<Env>({ fetch: router, schedule: jobs });
 * // in a handler:
 * await jobs.schedule(ctx, new Date(input.remind_at), "remind", { id }, { key: `remind:${id}` });
 * ```
 */
export function scheduler<Env, Tasks extends TaskMap<Env> = TaskMap<Env>>(options: SchedulerOptions<Env, Tasks>): Scheduler<Env, Tasks> {
  const settings = checkSettings(options);
  const runtimes = new WeakMap<DurableObjectState, ObjectRuntime<Env>>();
  const self: Scheduler<Env, Tasks> = {
    migrations,
    attach(scope) {
      const runtime: ObjectRuntime<Env> = { owner: self, scope, settings, shard: scope.ctx.id.name };
      runtimes.set(scope.ctx, runtime);
      const { storage } = scope.ctx;
      const schedules = { list: (page?: ScheduleListOptions) => listSchedules(storage.sql, page) };
      objectSchedules.set(scope, schedules).set(scope.ctx, schedules);
      reportUnknownTasks(runtime);
      return {
        async alarm(info) {
          await runDue(runtime);
          const before = await storage.getAlarm();
          await scope.onAlarm(info);
          const after = await storage.getAlarm();
          await arm(storage, after === before ? null : after);
        },
      };
    },
    async schedule(target, when, task, payload, scheduleOptions = {}) {
      const runtime = runtimeOf(target);
      const name = checkTask(task, settings.tasks);
      if (typeof scheduleOptions !== "object" || scheduleOptions === null) throw new ConfigError("options", "must be an object");
      const { key, maxAttempts } = scheduleOptions;
      const row = {
        key: key === undefined ? null : checkKey(key),
        task: name,
        payload: payloadText(payload),
        maxAttempts: maxAttempts === undefined ? settings.maxAttempts : checkAttempts(maxAttempts, "maxAttempts"),
        shard: shardOf(target, runtime),
        ...timingOf(when, Date.now()),
      };
      const { storage } = runtime.scope.ctx;
      const { id, replaced } = insertSchedule(storage.sql, row);
      // A replaced schedule may have been the earliest: then look again.
      await (replaced ? arm(storage) : armFor(storage, row.runAt));
      return { id, key: row.key, runAt: new Date(row.runAt) };
    },
    async cancel(target, idOrKey) {
      const { storage } = runtimeOf(target).scope.ctx;
      const valid = typeof idOrKey === "number" ? Number.isSafeInteger(idOrKey) && idOrKey > 0 : checkKey(idOrKey);
      if (!valid) throw new ConfigError("cancel", "needs a schedule's id (a positive whole number) or key");
      const deleted = deleteSchedule(storage.sql, idOrKey);
      if (deleted) await arm(storage);
      return deleted;
    },
    async list(target, page) {
      return listSchedules(runtimeOf(target).scope.ctx.storage.sql, page);
    },
  };

  function runtimeOf(target: ScheduleTarget): ObjectRuntime<Env> {
    const state = isState(target) ? target : (target as { object?: DurableObjectState | null } | null)?.object;
    if (!state) {
      throw new ConfigError(
        "schedule",
        "needs the Durable Object (ctx, or its DurableObjectState): in D1 mode ctx.object is null; run timed work from the worker's Cron Triggers",
      );
    }
    const runtime = runtimes.get(state);
    if (!runtime) throw new ConfigError("schedule", "this scheduler is not the object's: give it to defineApp({ schedule })");
    return runtime;
  }

  return self;
}

function isState(target: ScheduleTarget): target is DurableObjectState {
  return typeof target === "object" && target !== null && "storage" in target && "id" in target;
}

/** The target's shard: a context's, the object's name, or the one seen before (an alarm wake-up may lack the name). */
function shardOf<Env>(target: ScheduleTarget, runtime: ObjectRuntime<Env>): string {
  const given = isState(target) ? undefined : target.shard;
  const shard = typeof given === "string" ? given : (runtime.scope.ctx.id.name ?? runtime.shard ?? runtime.scope.ctx.id.toString());
  runtime.shard ??= shard;
  return shard;
}

/** At start-up: schedules of a task the app no longer declares are parked as failed and logged, not found at 3 a.m. */
function reportUnknownTasks<Env>({ scope, settings, shard }: ObjectRuntime<Env>): void {
  try {
    for (const { task, schedules } of parkUnknownTasks(scope.ctx.storage.sql, Object.keys(settings.tasks))) {
      log.error("schedules of a task the app no longer declares: parked as failed", { shard, task, schedules });
    }
  } catch (error) {
    // Never keep the object from starting: the alarm parks such a schedule when it comes due.
    log.error("could not check the stored schedules' tasks", { shard, error: describeError(error) });
  }
}
