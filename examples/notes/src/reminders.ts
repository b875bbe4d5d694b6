import { HttpError, sql } from "../../../src/index.ts";
import type { AppContext } from "../../../src/index.ts";
import { scheduler } from "../../../src/schedule/index.ts";
import type { TaskContext } from "../../../src/schedule/index.ts";
import type { Env } from "./env.ts";
import { publish } from "./live.ts";
import type { Note } from "./notes.ts";

// An ISO 8601 time with its zone (`Z` or ±hh:mm), as JSON dates are written.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The reminder's key, one per note: scheduling again replaces, deleting the note cancels. */
const keyOf = (id: number) => `remind:${id}`;

const tasks = {
  /** At a note's `remind_at`: tells the tenant's connected clients, if the note still exists. */
  remind: async ({ id }: { id: number }, task: TaskContext<Env>) => {
    const note = await task.db.first<Note>(sql`select id, title, body, created_at from notes where id = ${id} and tenant = ''`);
    if (note) publish(task, { type: "reminder", note });
  },
};

/** The demo's scheduler: one task, the note reminder. */
export const noteSchedule = scheduler<Env, typeof tasks>({ tasks });

/**
 * The `remind_at` of a POST /notes body, checked before anything is written:
 * absent or null → no reminder; otherwise an ISO time with its zone. A time
 * in the past reminds at once. Reminders live on the tenant's object's alarm,
 * so D1 mode (no object) answers 501 `reminders_unavailable`.
 */
export function reminderTime(value: unknown, ctx: AppContext<Env>): Date | null {
  if (value === undefined || value === null) return null;
  const time = typeof value === "string" && ISO_TIME.test(value) ? new Date(value) : null;
  if (time === null || Number.isNaN(time.getTime())) {
    throw new HttpError(400, "invalid_field", "remind_at must be an ISO 8601 time with its zone, e.g. 2026-12-24T18:00:00Z");
  }
  if (!ctx.object) {
    throw new HttpError(501, "reminders_unavailable", "reminders need the tenant's Durable Object; in D1 mode there is none");
  }
  return time;
}

/** Schedules note `id`'s reminder (a time too far ahead is the scheduler's 400 `invalid_when`). */
export async function remind(ctx: AppContext<Env>, id: number, at: Date): Promise<void> {
  await noteSchedule.schedule(ctx, at, "remind", { id }, { key: keyOf(id) });
}

/** Cancels note `id`'s reminder, if it has one (nothing to do in D1 mode). */
export async function forget(ctx: AppContext<Env>, id: number): Promise<void> {
  if (ctx.object) await noteSchedule.cancel(ctx, keyOf(id));
}
