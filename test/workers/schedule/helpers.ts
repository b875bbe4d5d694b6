import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import type { ScheduleRow } from "../../../src/schedule/index.ts";
import type { ScheduleApp } from "../fixtures/schedule-app.ts";

let counter = 0;

/** A shard name no other test uses. */
export const fresh = (prefix = "sched"): string => `${prefix}-${Date.now().toString(36)}-${counter++}`;

export type Stub = DurableObjectStub<ScheduleApp>;

/** A stub of the scheduler fixture under a new (or the given) name. */
export const scheduleStub = (name = fresh()): Stub => env.SCHEDULE_APP.get(env.SCHEDULE_APP.idFromName(name));

/** Runs `fn` inside the object with its DurableObjectState (what `schedule` takes from the subclass). */
export const inObject = <T>(stub: Stub, fn: (state: DurableObjectState, app: ScheduleApp) => T | Promise<T>): Promise<T> =>
  runInDurableObject(stub, (app: ScheduleApp, state) => fn(state, app));

/** What the tasks and onAlarm recorded, in order. */
export interface Run {
  what: string;
  payload: string | null;
  shard: string | null;
  attempt: number | null;
  due: number | null;
}
export const runsOf = async (stub: Stub): Promise<Run[]> => (await stub.fetch("https://app/runs")).json<Run[]>();

/**
 * The object's alarm, and its earliest pending schedule, read together; `due`:
 * whether the alarm is where it must be, at the earliest schedule (a missed
 * one's alarm reads as the time it was set, the runtime keeping a past time as
 * "now"), or absent when none is pending.
 */
export const alarmAndEarliest = (stub: Stub) =>
  inObject(stub, async (state) => ({
    alarm: await state.storage.getAlarm(),
    earliest: state.storage.sql.exec<{ t: number | null }>("select min(run_at) as t from dorm_schedules where status = 'pending'").one().t,
  })).then(({ alarm, earliest }) => ({
    alarm,
    earliest,
    atEarliest: earliest === null ? alarm === null : earliest > Date.now() ? alarm === earliest : alarm !== null && alarm <= Date.now(),
  }));

/** The stored rows, as `list` reports them. */
export const rowsOf = (stub: Stub): Promise<ScheduleRow[]> =>
  inObject(stub, async (state) => {
    const { jobs } = await import("../fixtures/schedule-app.ts");
    return [...(await jobs.list(state, { limit: 100 })).schedules];
  });

/**
 * Time passing, without waiting for it: every pending schedule's time moves
 * back by the same amount so the latest is just due, keeping their order.
 * The alarm stays where it was; runDurableObjectAlarm runs it at once.
 */
export const makeDue = (stub: Stub) =>
  inObject(stub, (state) => {
    const latest = state.storage.sql.exec<{ t: number | null }>("select max(run_at) as t from dorm_schedules where status = 'pending'").one().t;
    if (latest !== null) state.storage.sql.exec("update dorm_schedules set run_at = run_at - ? where status = 'pending'", latest - Date.now() + 1);
  });
