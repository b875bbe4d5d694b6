import type { ScheduleListing, ScheduleListOptions } from "../app/schedule-listing.ts";

/** What the admin operation `schedules` needs of an object's scheduler. */
export interface ObjectSchedules {
  list(options?: ScheduleListOptions): ScheduleListing;
}

// Keyed by the DurableApp (what the admin feature is handed) and by its
// DurableObjectState; weak, so an evicted object's entry goes with it.
const objects = new WeakMap<object, ObjectSchedules>();

/** Records the scheduler of the object known by each of `keys`. */
export function registerSchedules(keys: readonly object[], schedules: ObjectSchedules): void {
  for (const key of keys) objects.set(key, schedules);
}

/** The scheduler attached to an object, if its app has one (never in D1 mode). */
export function schedulesOf(key: object): ObjectSchedules | undefined {
  return objects.get(key);
}
