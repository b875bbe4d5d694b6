import { describe, expect, it } from "vitest";
import { nextCronTime, parseCron } from "../../../src/schedule/index.ts";

const at = (iso: string) => Date.parse(iso);
const next = (expression: string, after: string) => new Date(nextCronTime(parseCron(expression), at(after))!).toISOString();

/**
 * A second, plain reading of cron, minute by minute, written from the rules
 * rather than from the parser: each field a list of allowed values.
 */
function naiveNext(fields: { min: number[]; hour: number[]; dom: number[] | "*"; month: number[]; dow: number[] | "*" }, after: number, limitMinutes: number): number | null {
  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  for (let i = 0; i < limitMinutes; i++, t += 60_000) {
    const d = new Date(t);
    const domOk = fields.dom === "*" || fields.dom.includes(d.getUTCDate());
    const dowOk = fields.dow === "*" || fields.dow.includes(d.getUTCDay());
    const dayOk = fields.dom !== "*" && fields.dow !== "*" ? domOk || dowOk : domOk && dowOk;
    if (fields.min.includes(d.getUTCMinutes()) && fields.hour.includes(d.getUTCHours()) && fields.month.includes(d.getUTCMonth() + 1) && dayOk) return t;
  }
  return null;
}
const WINDOW = 60 * 24 * 60;
const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe("cron expressions (5 fields, UTC)", () => {
  it("find the next matching minute, strictly after the given time", () => {
    expect(next("*/15 * * * *", "2026-11-27T10:07:30Z")).toBe("2026-11-27T10:15:00.000Z");
    expect(next("*/15 * * * *", "2026-11-27T10:15:00Z")).toBe("2026-11-27T10:30:00.000Z");
    expect(next("* * * * *", "2026-12-31T23:59:59.999Z")).toBe("2027-01-01T00:00:00.000Z");
    expect(next("0 9 * * mon-fri", "2026-11-28T10:00:00Z")).toBe("2026-11-30T09:00:00.000Z");
    expect(next("@yearly", "2026-05-01T00:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
    expect(next("@hourly", "2026-05-01T00:00:00Z")).toBe("2026-05-01T01:00:00.000Z");
    expect(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
    // Day of month and day of week both given: either fires (Sunday the 29th comes before the 1st).
    expect(next("0 12 1 * sun", "2026-11-27T00:00:00Z")).toBe("2026-11-29T12:00:00.000Z");
    // 7 is Sunday too; names in any case.
    expect(next("30 2 * * 7", "2026-11-27T00:00:00Z")).toBe("2026-11-29T02:30:00.000Z");
    expect(next("0 0 1 JAN-mar *", "2026-04-01T00:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
    expect(next("5/20 * * * *", "2026-11-27T10:26:00Z")).toBe("2026-11-27T10:45:00.000Z");
    expect(next("1,2,5-7 0 * * *", "2026-11-27T00:02:00Z")).toBe("2026-11-27T00:05:00.000Z");
  });

  it("agree with a minute-by-minute reading over sixty days, from several starts", () => {
    const cases: Array<[string, Parameters<typeof naiveNext>[0]]> = [
      ["* * * * *", { min: range(0, 59), hour: range(0, 23), dom: "*", month: range(1, 12), dow: "*" }],
      ["7 */6 * * *", { min: [7], hour: [0, 6, 12, 18], dom: "*", month: range(1, 12), dow: "*" }],
      ["0,30 9-17 * * 1-5", { min: [0, 30], hour: range(9, 17), dom: "*", month: range(1, 12), dow: range(1, 5) }],
      ["15 3 1,15 * *", { min: [15], hour: [3], dom: [1, 15], month: range(1, 12), dow: "*" }],
      ["0 0 13 * fri", { min: [0], hour: [0], dom: [13], month: range(1, 12), dow: [5] }],
      ["*/7 2-20/3 * jan,dec *", { min: range(0, 59, 7), hour: range(2, 20, 3), dom: "*", month: [1, 12], dow: "*" }],
      ["59 23 31 * *", { min: [59], hour: [23], dom: [31], month: range(1, 12), dow: "*" }],
      ["0 12 * * 0,6", { min: [0], hour: [12], dom: "*", month: range(1, 12), dow: [0, 6] }],
      ["10-12 4 10-20/5 * *", { min: [10, 11, 12], hour: [4], dom: [10, 15, 20], month: range(1, 12), dow: "*" }],
    ];
    const starts = ["2026-11-27T10:07:30Z", "2026-12-31T23:59:00Z", "2028-02-28T23:58:00Z", "2027-06-15T04:11:00Z"].map(at);
    for (const [expression, fields] of cases) {
      const cron = parseCron(expression);
      for (let t of starts) {
        // Three occurrences in a row from each start.
        for (let k = 0; k < 3; k++) {
          const expected = naiveNext(fields, t, WINDOW);
          const found = nextCronTime(cron, t);
          // None within the window: the parser's answer lies beyond it.
          if (expected === null) {
            expect(found! - t, expression).toBeGreaterThan(WINDOW * 60_000);
            break;
          }
          expect(found, `${expression} after ${new Date(t).toISOString()}`).toBe(expected);
          t = expected;
        }
      }
    }
  });

  it("refuse what is not one, saying why", () => {
    const cases: Array<[string, RegExp]> = [
      ["* * * *", /needs 5 fields/],
      ["60 * * * *", /60 is outside 0-59/],
      ["* * * * mon-fri-sat", /is not a range/],
      ["*/0 * * * *", /step "0" must be 1-99/],
      ["1/2/3 * * * *", /has two steps/],
      ["5-1 * * * *", /runs backwards/],
      ["0 0 31 2 *", /never matches/],
      ["0 0 * * funday", /"funday" is not a number or name/],
      ["-1 * * * *", /"" is not a number or name/],
      ["x".repeat(129), /longer than 128/],
    ];
    for (const [expression, why] of cases) {
      let error: unknown;
      try {
        parseCron(expression);
      } catch (caught) {
        error = caught;
      }
      expect(error, expression).toMatchObject({ name: "ScheduleError", code: "invalid_when", message: expect.stringMatching(why) });
    }
  });
});
