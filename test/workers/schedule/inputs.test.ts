import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConfigError, HttpError } from "../../../src/index.ts";
import { MAX_PAYLOAD_BYTES, ScheduleError, scheduler } from "../../../src/schedule/index.ts";
import { jobs } from "../fixtures/schedule-app.ts";
import { inObject, rowsOf, scheduleStub } from "./helpers.ts";

/** What `fn` threw: its class name and code. */
async function thrown(fn: () => unknown): Promise<{ name: string; code: string; status?: number; message: string }> {
  try {
    await fn();
  } catch (error) {
    const { name, code, status, message } = error as ScheduleError;
    return { name, code, message, ...(error instanceof HttpError ? { status } : {}) };
  }
  throw new Error("no error was thrown");
}

const HOUR = 3_600_000;
const soon = () => new Date(Date.now() + HOUR);

describe("schedule refuses what it cannot store", () => {
  it("a bad when: ScheduleError invalid_when (400), nothing stored", async () => {
    const stub = scheduleStub();
    const bad: unknown[] = [
      new Date("nope"),
      new Date(-1),
      new Date(Date.now() + 11 * 366 * 86_400_000),
      Number.NaN,
      -1,
      Number.POSITIVE_INFINITY,
      11 * 366 * 86_400,
      "",
      "tomorrow",
      "* * * *",
      "* * * * * *",
      "61 * * * *",
      "* 24 * * *",
      "* * 0 * *",
      "* * * 13 *",
      "* * * * 8",
      "*/0 * * * *",
      "5-1 * * * *",
      "1-2-3 * * * *",
      "1/2/3 * * * *",
      "0 0 31 2 *",
      "0 0 30 feb *",
      "x".repeat(10_000),
      "0 0 * * mon\u0000",
      {},
      null,
      true,
      [2030, 1, 1],
      BigInt(1),
    ];
    await inObject(stub, async (state) => {
      for (const when of bad) {
        const error = await thrown(() => jobs.schedule(state, when as Date, "record", null));
        expect(error, String(when).slice(0, 40)).toMatchObject({ name: "ScheduleError", code: "invalid_when", status: 400 });
      }
    });
    expect(await rowsOf(stub)).toEqual([]);
  });

  it("an unknown task: ConfigError at once, naming the tasks there are", async () => {
    await inObject(scheduleStub(), async (state) => {
      for (const task of ["nope", "", "Record", "__proto__", "constructor", "toString", 42, null, undefined]) {
        const error = await thrown(() => jobs.schedule(state, soon(), task as "record", null));
        expect(error.name, String(task)).toBe("ConfigError");
        expect(error.message).toMatch(/^task: unknown task .*; the scheduler declares record, flaky, tick, nested, state$/);
      }
    });
  });

  it(`a payload over ${MAX_PAYLOAD_BYTES} bytes of JSON (413), or one JSON cannot hold (400)`, async () => {
    const stub = scheduleStub();
    await inObject(stub, async (state) => {
      // The JSON text counts, quotes included, in UTF-8 bytes.
      await jobs.schedule(state, soon(), "record", "x".repeat(MAX_PAYLOAD_BYTES - 2), { key: "fits" });
      expect(await thrown(() => jobs.schedule(state, soon(), "record", "x".repeat(MAX_PAYLOAD_BYTES - 1)))).toMatchObject({ code: "payload_too_large", status: 413 });
      // é is two bytes: half as many characters go over.
      expect(await thrown(() => jobs.schedule(state, soon(), "record", "é".repeat(MAX_PAYLOAD_BYTES / 2)))).toMatchObject({ code: "payload_too_large" });
      expect(await thrown(() => jobs.schedule(state, soon(), "record", { big: "x".repeat(10 * 1024 * 1024) }))).toMatchObject({ code: "payload_too_large" });
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      for (const payload of [cyclic, BigInt(1), () => 1, Symbol("s")]) {
        expect(await thrown(() => jobs.schedule(state, soon(), "record", payload)), typeof payload).toMatchObject({ code: "invalid_payload", status: 400 });
      }
    });
    expect((await rowsOf(stub)).map((row) => row.key)).toEqual(["fits"]);
  });

  it("a bad key: ScheduleError invalid_key; 256 characters fit", async () => {
    const stub = scheduleStub();
    await inObject(stub, async (state) => {
      await jobs.schedule(state, soon(), "record", null, { key: "k".repeat(256) });
      for (const key of ["", "k".repeat(257), "a\nb", "tab\there", "\u0085", 42, {}, null]) {
        expect(await thrown(() => jobs.schedule(state, soon(), "record", null, { key: key as string })), String(key)).toMatchObject({ code: "invalid_key" });
        // A number is an id to cancel, not a key.
        if (typeof key !== "number") expect(await thrown(() => jobs.cancel(state, key as string)), String(key)).toMatchObject({ code: "invalid_key" });
      }
    });
    expect(await rowsOf(stub)).toHaveLength(1);
  });

  it("bad options: ConfigError naming the option", async () => {
    await inObject(scheduleStub(), async (state) => {
      for (const maxAttempts of [0, 101, 1.5, "3", Number.NaN, null]) {
        const error = await thrown(() => jobs.schedule(state, soon(), "record", null, { maxAttempts: maxAttempts as number }));
        expect(error, String(maxAttempts)).toMatchObject({ name: "ConfigError", message: expect.stringMatching(/^maxAttempts: /) });
      }
      for (const options of [null, "key", 7]) {
        expect(await thrown(() => jobs.schedule(state, soon(), "record", null, options as never))).toMatchObject({ name: "ConfigError", message: expect.stringMatching(/^options: /) });
      }
      for (const id of [0, -1, 1.5, Number.NaN, 2 ** 60]) {
        expect(await thrown(() => jobs.cancel(state, id)), String(id)).toMatchObject({ name: "ConfigError", message: expect.stringMatching(/^cancel: /) });
      }
      expect(await jobs.cancel(state, 123456)).toBe(false);
    });
  });

  it("no object (D1 mode, where ctx.object is null) or another object: ConfigError saying what to do", async () => {
    for (const target of [{ object: null, shard: "x" }, {}, null, undefined, "ctx"]) {
      const error = await thrown(() => jobs.schedule(target as never, soon(), "record", null));
      expect(error).toMatchObject({ name: "ConfigError", message: expect.stringMatching(/D1 mode .*Cron Triggers/) });
      expect(await thrown(() => jobs.list(target as never))).toMatchObject({ name: "ConfigError" });
    }
    // An object whose app has no scheduler.
    const other = env.FEATURE_APP.get(env.FEATURE_APP.idFromName("no-scheduler"));
    await runInDurableObject(other, async (_, state) => {
      expect(await thrown(() => jobs.schedule(state, soon(), "record", null))).toMatchObject({ name: "ConfigError", message: expect.stringMatching(/not the object's/) });
    });
  });

  it("through a request handler: the edge answers 400/413 with the code, 500 for a mistake in code", async () => {
    const stub = scheduleStub();
    const post = async (body: unknown) => {
      const response = await stub.fetch("https://app/schedule", { method: "POST", body: JSON.stringify(body) });
      return { status: response.status, body: await response.json<{ error?: string }>() };
    };
    expect(await post({ at: "not a date", task: "record" })).toMatchObject({ status: 400, body: { error: "invalid_when" } });
    expect(await post({ cron: "* * *", task: "record" })).toMatchObject({ status: 400, body: { error: "invalid_when" } });
    expect(await post({ delay: 60, task: "record", payload: "x".repeat(20_000) })).toMatchObject({ status: 413, body: { error: "payload_too_large" } });
    expect(await post({ delay: 60, task: "record", options: { key: "" } })).toMatchObject({ status: 400, body: { error: "invalid_key" } });
    expect(await post({ delay: 60, task: "drop table" })).toMatchObject({ status: 500, body: { error: "internal_error" } });
    expect(await post({ delay: 60, task: "record", options: { key: "ok" } })).toMatchObject({ status: 201, body: { key: "ok" } });
    expect((await rowsOf(stub)).map((row) => row.key)).toEqual(["ok"]);
  });
});

describe("scheduler options are checked where they are given", () => {
  it("refuses bad ones with a ConfigError naming the option", () => {
    const task = async () => {};
    const cases: Array<[unknown, string]> = [
      [undefined, "scheduler"],
      [null, "scheduler"],
      [{}, "tasks"],
      [{ tasks: {} }, "tasks"],
      [{ tasks: null }, "tasks"],
      [{ tasks: { ok: "not a function" } }, "tasks.ok"],
      [{ tasks: { "bad name": task } }, "tasks.bad name"],
      [{ tasks: { _private: task } }, "tasks._private"],
      [{ tasks: { ["x".repeat(65)]: task } }, `tasks.${"x".repeat(64)}`],
      [{ tasks: { ok: task }, maxAttempts: 0 }, "maxAttempts"],
      [{ tasks: { ok: task }, maxAttempts: 101 }, "maxAttempts"],
      [{ tasks: { ok: task }, maxAttempts: "3" }, "maxAttempts"],
      [{ tasks: { ok: task }, backoff: -1 }, "backoff"],
      [{ tasks: { ok: task }, backoff: 3601 }, "backoff"],
      [{ tasks: { ok: task }, backoff: "10" }, "backoff"],
      [{ tasks: { ok: task }, backoff: Number.NaN }, "backoff"],
    ];
    for (const [options, option] of cases) {
      let error: unknown;
      try {
        scheduler(options as never);
      } catch (caught) {
        error = caught;
      }
      expect(error, option).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).option).toBe(option);
    }
    expect(() => scheduler({ tasks: { "ok.name:v2-x": task }, maxAttempts: 100, backoff: 0 })).not.toThrow();
  });
});
