import { nextCronTime, parseCron } from "./cron.ts";
import { MAX_HORIZON_MS } from "./limits.ts";
import { ScheduleError } from "./schedule-error.ts";
import type { When } from "./types.ts";

/** When a schedule first runs (ms since the epoch), and its cron expression if it repeats. */
export interface Timing {
  readonly runAt: number;
  readonly cron: string | null;
}

/**
 * Reads `when`: a `Date` (a past one runs at once), a delay in seconds, or a
 * cron expression. Throws `ScheduleError` `invalid_when`.
 */
export function timingOf(when: When, now: number): Timing {
  if (typeof when === "string") {
    const next = nextCronTime(parseCron(when), now);
    // parseCron refuses expressions that never match, so there is a next time.
    return { runAt: next!, cron: when.trim() };
  }
  let runAt = Number.NaN;
  if (when instanceof Date) runAt = when.getTime();
  else if (typeof when === "number" && when >= 0) runAt = now + Math.round(when * 1000);
  if (!Number.isFinite(runAt) || runAt < 0 || runAt > now + MAX_HORIZON_MS) {
    throw new ScheduleError(
      "invalid_when",
      "when must be a valid Date (from 1970, at most ten years ahead), a delay in seconds (0 to ten years) or a 5-field cron expression",
    );
  }
  return { runAt, cron: null };
}
