// dorm/schedule: a persistent scheduler over a Durable Object's one alarm,
// for defineApp({ schedule }).
export { scheduler } from "./scheduler.ts";
export { ScheduleError } from "./schedule-error.ts";
export { parseCron, nextCronTime } from "./cron.ts";
export { MAX_PAYLOAD_BYTES } from "./limits.ts";

export type { Scheduler } from "./scheduler.ts";
export type { ScheduleErrorCode } from "./schedule-error.ts";
export type { Cron } from "./cron.ts";
export type { When, ScheduledTask, TaskContext, TaskHandler, TaskMap, PayloadOf, Backoff, SchedulerOptions, ScheduleTarget, ScheduleOptions, Scheduled } from "./types.ts";
export type { ScheduleRow, ScheduleListing, ScheduleListOptions } from "../app/schedule-listing.ts";
