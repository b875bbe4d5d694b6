import type { ScheduleListing, ScheduleListOptions } from "../app/schedule-listing.ts";

/** What the admin operation `schedules` needs of an object's scheduler. */
export interface ObjectSchedules {
  list(options?: ScheduleListOptions): ScheduleListing;
}

/**
 * Each object's scheduler, keyed by the DurableApp (what the admin feature is
 * handed) and by its DurableObjectState; weak, so an evicted object's entry
 * goes with it. Absent for an app without a scheduler (and in D1 mode).
 */
export const objectSchedules = new WeakMap<object, ObjectSchedules>();
