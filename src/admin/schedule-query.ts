import type { ScheduleListOptions } from "../app/schedule-listing.ts";
import { HttpError } from "../errors/http-error.ts";

/**
 * The page `GET /_dorm/admin/schedules` asks for: `?limit=` (1–100),
 * `?cursor=` (the previous page's), `?status=pending|failed`. Refused here
 * with 400 `invalid_input`, once, instead of by every shard.
 */
export function scheduleQuery(params: URLSearchParams): ScheduleListOptions {
  const limit = params.get("limit");
  const cursor = params.get("cursor");
  const status = params.get("status");
  if (limit !== null && !(/^[0-9]{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 100)) {
    throw new HttpError(400, "invalid_input", "limit must be a whole number from 1 to 100");
  }
  // Its exact form is the object's to check; here only what could be one.
  if (cursor !== null && !/^[0-9:]{1,40}$/.test(cursor)) throw new HttpError(400, "invalid_input", "cursor must be the cursor of a previous page");
  if (status !== null && status !== "pending" && status !== "failed") throw new HttpError(400, "invalid_input", 'status must be "pending" or "failed"');
  return {
    ...(limit !== null && { limit: Number(limit) }),
    ...(cursor !== null && { cursor }),
    ...(status !== null && { status }),
  };
}
