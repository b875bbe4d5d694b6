import type { ScheduleListOptions } from "../app/schedule-listing.ts";
import { HttpError } from "../errors/http-error.ts";

// What each query parameter of the schedules route may be (docs/admin.md says
// it; the message stays short, as every byte of the admin routes is paid by
// each app that mounts them). The cursor's exact form is the object's to
// check; here only what could be one.
const PAGE: Readonly<Record<string, RegExp>> = { limit: /^(100|[1-9]\d?)$/, cursor: /^[\d:]{1,40}$/, status: /^(pending|failed)$/ };

/**
 * The page `GET /_dorm/admin/schedules` asks for: `?limit=` (1–100),
 * `?cursor=` (the previous page's), `?status=pending|failed`. Refused here
 * with 400 `invalid_input`, once, instead of by every shard.
 */
export function scheduleQuery(params: URLSearchParams): ScheduleListOptions {
  const page: Record<string, string | number> = {};
  for (const name in PAGE) {
    const value = params.get(name);
    if (value === null) continue;
    if (!PAGE[name]!.test(value)) throw new HttpError(400, "invalid_input", `bad ${name}`);
    page[name] = name === "limit" ? Number(value) : value;
  }
  return page;
}
