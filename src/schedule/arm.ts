import { earliestPending } from "./store.ts";

/**
 * Sets the object's one alarm to its earliest pending schedule (deletes it
 * when none is pending), or to `keep` when that is earlier: an alarm the
 * subclass's `onAlarm` just set for itself. The runtime keeps a past time as
 * "now" (so `getAlarm()` may read later than a missed schedule's time).
 */
export async function arm(storage: DurableObjectStorage, keep: number | null = null): Promise<void> {
  const next = earliestPending(storage.sql);
  const earliest = next === null ? keep : keep === null ? next : Math.min(next, keep);
  // A past time fires at once (workerd refuses 0 and earlier: a schedule for new Date(0)).
  const at = earliest === null ? null : Math.max(earliest, 1);
  if (at === (await storage.getAlarm())) return;
  if (at === null) await storage.deleteAlarm();
  else await storage.setAlarm(at);
}

/**
 * A new schedule at `runAt` (nothing removed): the alarm moves only when it is
 * later than that, or unset. One read of the alarm, no query: the common path
 * of `schedule`.
 */
export async function armFor(storage: DurableObjectStorage, runAt: number): Promise<void> {
  const current = await storage.getAlarm();
  if (current === null || runAt < current) await storage.setAlarm(Math.max(runAt, 1));
}
