import { HttpError } from "../errors/http-error.ts";

/** The stable codes of {@link ScheduleError}. */
export type ScheduleErrorCode = "invalid_when" | "invalid_payload" | "payload_too_large" | "invalid_key" | "invalid_cursor";

/**
 * A value a schedule call cannot store: a `when`, payload, key or list cursor.
 * Such values often come from a request (a reminder's time), so this is an
 * `HttpError`: thrown from a handler, the edge answers 400 (413 for a payload
 * too large) with its code, and the app need not catch it. Mistakes in code
 * (an unknown task, bad options, no object in D1 mode) are `ConfigError`s.
 *
 * @example
 * ```ts
 * try { await jobs.schedule(ctx, new Date(input.at), "remind", { id }) }
 * catch (e) { if (e instanceof ScheduleError) console.log(e.code); throw e }
 * ```
 */
export class ScheduleError extends HttpError {
  override name = "ScheduleError";
  declare readonly code: ScheduleErrorCode;

  constructor(code: ScheduleErrorCode, message: string, options?: { cause?: unknown }) {
    super(code === "payload_too_large" ? 413 : 400, code, message, options);
  }
}
