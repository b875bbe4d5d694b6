import { ScheduleError } from "./schedule-error.ts";

/** A parsed cron expression: the allowed values of each field, and whether day fields were restricted. */
export interface Cron {
  readonly minutes: readonly boolean[];
  readonly hours: readonly boolean[];
  readonly days: readonly boolean[];
  readonly months: readonly boolean[];
  readonly weekdays: readonly boolean[];
  /** Both day-of-month and day-of-week restricted: a day matching either fires (as in Vixie cron). */
  readonly eitherDay: boolean;
}

/** Longer expressions are refused before parsing: five fields never need more. */
export const MAX_CRON_LENGTH = 128;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

// [min, max, names (index + offset = value)] of each field, in order.
const FIELDS: readonly (readonly [number, number, readonly string[], number])[] = [
  [0, 59, [], 0],
  [0, 23, [], 0],
  [1, 31, [], 0],
  [1, 12, MONTHS, 1],
  [0, 7, WEEKDAYS, 0],
];

const MACROS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/**
 * Parses a 5-field cron expression in UTC: `*`, numbers, names (`jan`, `mon`),
 * ranges, steps and lists, and the macros `@hourly`…`@yearly`. Throws
 * `ScheduleError` `invalid_when` naming what is wrong.
 *
 * @example
 * ```ts
 * const cron = parseCron("0,30 9-17 * * mon-fri");
 * nextCronTime(cron, Date.now());
 * ```
 */
export function parseCron(expression: string): Cron {
  const invalid = (why: string) => new ScheduleError("invalid_when", `cron expression ${JSON.stringify(expression.slice(0, MAX_CRON_LENGTH))}: ${why}`);
  if (expression.length > MAX_CRON_LENGTH) throw invalid(`longer than ${MAX_CRON_LENGTH} characters`);
  const text = MACROS[expression.trim().toLowerCase()] ?? expression;
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) throw invalid("needs 5 fields: minute hour day-of-month month day-of-week (UTC)");
  const sets = parts.map((part, i) => parseField(part.toLowerCase(), FIELDS[i]!, invalid));
  const weekdays = sets[4]!;
  // 7 is Sunday too.
  if (weekdays[7]) weekdays[0] = true;
  const cron: Cron = {
    minutes: sets[0]!,
    hours: sets[1]!,
    days: sets[2]!,
    months: sets[3]!,
    weekdays,
    eitherDay: !parts[2]!.startsWith("*") && !parts[4]!.startsWith("*"),
  };
  // Refused now rather than never firing (`0 0 31 2 *`).
  if (nextCronTime(cron, Date.UTC(2000, 0, 1)) === null) throw invalid("never matches a date");
  return cron;
}

function parseField(
  field: string,
  [min, max, names, offset]: readonly [number, number, readonly string[], number],
  invalid: (why: string) => ScheduleError,
): boolean[] {
  const allowed = new Array<boolean>(max + 1).fill(false);
  const value = (token: string): number => {
    const named = names.indexOf(token);
    if (named >= 0) return named + offset;
    if (!/^[0-9]{1,2}$/.test(token)) throw invalid(`${JSON.stringify(token)} is not a number or name`);
    const n = Number(token);
    if (n < min || n > max) throw invalid(`${n} is outside ${min}-${max}`);
    return n;
  };
  for (const item of field.split(",")) {
    const [range = "", step, extra] = item.split("/");
    if (extra !== undefined) throw invalid(`${JSON.stringify(item)} has two steps`);
    let from = min;
    let to = max;
    if (range !== "*") {
      const [a = "", b, more] = range.split("-");
      if (more !== undefined) throw invalid(`${JSON.stringify(range)} is not a range`);
      from = value(a);
      to = b === undefined ? (step === undefined ? from : max) : value(b);
      if (to < from) throw invalid(`${JSON.stringify(range)} runs backwards`);
    }
    let by = 1;
    if (step !== undefined) {
      if (!/^[0-9]{1,2}$/.test(step) || Number(step) === 0) throw invalid(`step ${JSON.stringify(step)} must be 1-99`);
      by = Number(step);
    }
    for (let n = from; n <= to; n += by) allowed[n] = true;
  }
  return allowed;
}

/**
 * The first whole minute strictly after `after` (ms since the epoch, UTC) that
 * `cron` matches, or `null` when none comes within about ten years. Jumps a
 * month, day or hour at a time when that field does not match, so a yearly
 * expression costs a few hundred steps, not a minute per step.
 */
export function nextCronTime(cron: Cron, after: number): number | null {
  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  const limit = after + 10 * 366 * 86_400_000;
  while (t <= limit) {
    const d = new Date(t);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth();
    const day = d.getUTCDate();
    const hour = d.getUTCHours();
    if (!cron.months[month + 1]) {
      t = Date.UTC(year, month + 1, 1);
    } else if (!dayMatches(cron, day, d.getUTCDay())) {
      t = Date.UTC(year, month, day + 1);
    } else if (!cron.hours[hour]) {
      t = Date.UTC(year, month, day, hour + 1);
    } else if (!cron.minutes[d.getUTCMinutes()]) {
      t += 60_000;
    } else {
      return t;
    }
  }
  return null;
}

function dayMatches(cron: Cron, day: number, weekday: number): boolean {
  const byDate = cron.days[day] === true;
  const byWeekday = cron.weekdays[weekday] === true;
  return cron.eitherDay ? byDate || byWeekday : byDate && byWeekday;
}
