import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { jobs } from "../fixtures/schedule-app.ts";
import { captureConsole } from "../router/helpers.ts";
import { alarmAndEarliest, fresh, inObject, makeDue, rowsOf, runsOf, scheduleStub } from "./helpers.ts";

const HOUR = 3_600_000;

/** 0…n-1 in a scrambled (but fixed) order. */
const scrambled = (n: number) => Array.from({ length: n }, (_, i) => (i * 7919) % n);

describe("the scheduler over the one alarm", () => {
  it("fires 1,000 schedules of one object in time order, the alarm always at the earliest", async () => {
    const stub = scheduleStub();
    const base = Date.now() + 24 * HOUR;
    const order = scrambled(1000);
    expect(new Set(order).size).toBe(1000);
    await inObject(stub, async (state) => {
      let earliest = Infinity;
      for (const i of order) {
        const { runAt } = await jobs.schedule(state, new Date(base + i * 1000), "record", { i });
        earliest = Math.min(earliest, runAt.getTime());
        expect(await state.storage.getAlarm()).toBe(earliest);
      }
    });
    await makeDue(stub);
    // At most 256 tasks per wake-up: the alarm comes back at once for the rest.
    for (let wake = 0; wake < 8; wake++) {
      await runDurableObjectAlarm(stub);
      const { earliest, atEarliest } = await alarmAndEarliest(stub);
      expect(atEarliest).toBe(true);
      if (earliest === null) break;
    }
    const runs = (await runsOf(stub)).filter((run) => run.what === "record");
    expect(runs.map((run) => JSON.parse(run.payload!).i)).toEqual(order.toSorted((a, b) => a - b));
    expect(await rowsOf(stub)).toEqual([]);
  });

  it("keeps the alarm at the earliest schedule when one is scheduled, replaced or cancelled", async () => {
    const stub = scheduleStub();
    const now = Date.now();
    await inObject(stub, async (state) => {
      const late = await jobs.schedule(state, new Date(now + 3 * HOUR), "record", null);
      const soon = await jobs.schedule(state, new Date(now + 2 * HOUR), "record", null, { key: "soon" });
      expect(await state.storage.getAlarm()).toBe(soon.runAt.getTime());
      // A delay is in seconds.
      const sooner = await jobs.schedule(state, 1800, "record", null);
      expect(Math.abs(sooner.runAt.getTime() - (now + 1800_000))).toBeLessThan(5_000);
      expect(await state.storage.getAlarm()).toBe(sooner.runAt.getTime());
      expect(await jobs.cancel(state, sooner.id)).toBe(true);
      expect(await state.storage.getAlarm()).toBe(soon.runAt.getTime());
      // The same key again replaces the schedule (here: later).
      const moved = await jobs.schedule(state, new Date(now + 4 * HOUR), "record", { v: 2 }, { key: "soon" });
      expect(moved.id).not.toBe(soon.id);
      expect(await state.storage.getAlarm()).toBe(late.runAt.getTime());
      expect(await jobs.cancel(state, "soon")).toBe(true);
      expect(await jobs.cancel(state, "soon")).toBe(false);
      expect(await jobs.cancel(state, late.id)).toBe(true);
      expect(await state.storage.getAlarm()).toBe(null);
    });
  });

  it("makes scheduling idempotent with a key: the same key replaces, and runs once", async () => {
    const stub = scheduleStub();
    await inObject(stub, async (state) => {
      for (const v of [1, 2, 3]) await jobs.schedule(state, new Date(Date.now() + v * HOUR), "record", { v }, { key: "reminder:7" });
    });
    const rows = await rowsOf(stub);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: "reminder:7", task: "record", payload: { v: 3 }, status: "pending" });
    await makeDue(stub);
    await runDurableObjectAlarm(stub);
    expect((await runsOf(stub)).filter((run) => run.what === "record").map((run) => run.payload)).toEqual(['{"v":3}']);
    expect(await rowsOf(stub)).toEqual([]);
  });

  it("retries a task that throws with backoff, then keeps it visible as failed", async () => {
    const stub = scheduleStub();
    await inObject(stub, (state) => jobs.schedule(state, new Date(Date.now() + HOUR), "flaky", {}, { key: "flaky" }));
    const attempts: number[] = [];
    for (const attempt of [1, 2, 3]) {
      await makeDue(stub);
      const before = Date.now();
      await runDurableObjectAlarm(stub);
      const [row] = await rowsOf(stub);
      attempts.push(row!.attempts);
      expect(row!.lastError).toBe(`flaky attempt ${attempt}`);
      const { alarm, earliest } = await alarmAndEarliest(stub);
      if (attempt < 3) {
        // The fixture's backoff: attempt × 60 s.
        expect(row!.status).toBe("pending");
        expect(Date.parse(row!.runAt) - before).toBeGreaterThanOrEqual(attempt * 60_000);
        expect(Date.parse(row!.runAt) - before).toBeLessThan(attempt * 60_000 + 10_000);
        expect(alarm).toBe(earliest);
        // Not due yet: a wake-up now does not run it.
        await runDurableObjectAlarm(stub);
        expect((await rowsOf(stub))[0]!.attempts).toBe(attempt);
      } else {
        expect(row!.status).toBe("failed");
        expect(alarm).toBe(null);
      }
    }
    expect(attempts).toEqual([1, 2, 3]);
    expect((await runsOf(stub)).filter((run) => run.what === "flaky").map((run) => run.attempt)).toEqual([1, 2, 3]);
    // Failed stays listed, until cancelled.
    expect((await inObject(stub, (state) => jobs.list(state, { status: "failed" }))).schedules).toHaveLength(1);
    expect((await inObject(stub, (state) => jobs.list(state, { status: "pending" }))).schedules).toHaveLength(0);
    expect(await inObject(stub, (state) => jobs.cancel(state, "flaky"))).toBe(true);
  });

  it("removes a task that succeeds on a retry, and honours a schedule's own maxAttempts", async () => {
    const stub = scheduleStub();
    await inObject(stub, async (state) => {
      await jobs.schedule(state, new Date(Date.now() + HOUR), "flaky", { succeedOn: 2 }, { key: "second" });
      await jobs.schedule(state, new Date(Date.now() + HOUR), "flaky", {}, { key: "once", maxAttempts: 1 });
    });
    await makeDue(stub);
    await runDurableObjectAlarm(stub);
    expect((await rowsOf(stub)).map(({ key, status }) => `${key} ${status}`).sort()).toEqual(["once failed", "second pending"]);
    await makeDue(stub);
    await runDurableObjectAlarm(stub);
    expect((await rowsOf(stub)).map(({ key, status }) => `${key} ${status}`)).toEqual(["once failed"]);
  });

  it("reschedules a cron task after each run: it runs twice", async () => {
    const stub = scheduleStub();
    const done = await inObject(stub, (state) => jobs.schedule(state, "*/5 * * * *", "tick", { n: 1 }, { key: "tick" }));
    expect(done.runAt.getTime() % 300_000).toBe(0);
    expect(done.runAt.getTime()).toBeGreaterThan(Date.now() - 1000);
    for (const times of [1, 2]) {
      await makeDue(stub);
      await runDurableObjectAlarm(stub);
      const [row] = await rowsOf(stub);
      expect(row).toMatchObject({ key: "tick", cron: "*/5 * * * *", status: "pending", attempts: 0 });
      expect(Date.parse(row!.runAt)).toBeGreaterThan(Date.now());
      expect(Date.parse(row!.runAt) % 300_000).toBe(0);
      expect((await alarmAndEarliest(stub)).alarm).toBe(Date.parse(row!.runAt));
      expect((await runsOf(stub)).filter((run) => run.what === "tick")).toHaveLength(times);
    }
  });

  it("keeps schedules across a restart, and runs the ones missed meanwhile when the object wakes", async () => {
    const name = fresh();
    const stub = scheduleStub(name);
    // From a request handler, as an app does.
    const response = await stub.fetch("https://app/schedule", {
      method: "POST",
      body: JSON.stringify({ at: new Date(Date.now() + 1000).toISOString(), task: "record", payload: { from: "request" } }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ key: null, id: expect.any(Number) });
    await evictDurableObject(stub);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The alarm may already have fired by itself; if not, it fires now.
    await runDurableObjectAlarm(stub);
    const runs = (await runsOf(stub)).filter((run) => run.what === "record");
    expect(runs).toEqual([{ what: "record", payload: '{"from":"request"}', shard: name, attempt: 1, due: expect.any(Number) }]);
    expect(await rowsOf(stub)).toEqual([]);
  });

  it("gives a task the shard stored with its schedule (an alarm wake-up may not know the object's name)", async () => {
    const stub = scheduleStub();
    await inObject(stub, async (state) => {
      await jobs.schedule(state, new Date(Date.now() + HOUR), "record", null);
      // Another name stored with it: the task is told that one, not ctx.id.name.
      state.storage.sql.exec("update dorm_schedules set shard = 'stored-name'");
    });
    await evictDurableObject(stub);
    await makeDue(stub);
    await runDurableObjectAlarm(stub);
    expect((await runsOf(stub)).filter((run) => run.what === "record").map((run) => run.shard)).toEqual(["stored-name"]);
  });

  it("parks the schedules of a task the app no longer declares when the object starts, and logs it", async () => {
    const stub = scheduleStub();
    await inObject(stub, async (state) => {
      await jobs.schedule(state, new Date(Date.now() + HOUR), "record", null, { key: "kept" });
      await jobs.schedule(state, new Date(Date.now() + HOUR), "record", null, { key: "gone" });
      state.storage.sql.exec("update dorm_schedules set task = 'retired' where key = 'gone'");
      // As if the last deploy had declared it: this start's tasks differ.
      state.storage.sql.exec("insert or replace into dorm_schedule_meta (name, value) values ('tasks', '[\"record\",\"retired\"]')");
    });
    await evictDurableObject(stub);
    // Any event starts the object; no alarm has to come first.
    const errors = captureConsole("error");
    try {
      await runsOf(stub);
    } finally {
      errors.restore();
    }
    expect(errors.lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ logger: "dorm.schedule", message: expect.stringMatching(/no longer declares/), task: "retired", schedules: 1 }),
    ]);
    const rows = await rowsOf(stub);
    expect(rows.map(({ key, status }) => `${key} ${status}`).sort()).toEqual(["gone failed", "kept pending"]);
    expect(rows.find((row) => row.key === "gone")!.lastError).toMatch(/unknown task "retired"/);
  });

  it("checks the stored tasks again only when the declared ones changed; the alarm parks a stray one when due", async () => {
    const stub = scheduleStub();
    // Two starts: the second records the declared tasks.
    await runsOf(stub);
    await evictDurableObject(stub);
    await inObject(stub, async (state) => {
      const declared = state.storage.sql.exec<{ value: string }>("select value from dorm_schedule_meta where name = 'tasks'").one().value;
      expect(JSON.parse(declared)).toEqual(["flaky", "nested", "record", "state", "tick"]);
      await jobs.schedule(state, new Date(Date.now() + HOUR), "record", null, { key: "stray" });
      state.storage.sql.exec("update dorm_schedules set task = 'written-by-hand'");
    });
    await evictDurableObject(stub);
    await runsOf(stub);
    // Same tasks as at the last check: no scan at this start.
    expect((await rowsOf(stub)).map((row) => row.status)).toEqual(["pending"]);
    await makeDue(stub);
    await runDurableObjectAlarm(stub);
    expect(await rowsOf(stub)).toMatchObject([{ key: "stray", status: "failed", lastError: 'unknown task "written-by-hand"' }]);
  });

  it("runs the subclass's onAlarm after the due tasks, and keeps an earlier alarm it sets", async () => {
    const stub = scheduleStub();
    const later = await inObject(stub, async (state) => {
      await jobs.schedule(state, new Date(0), "record", { first: true });
      return jobs.schedule(state, new Date(Date.now() + 2 * HOUR), "record", null);
    });
    await runDurableObjectAlarm(stub);
    expect((await runsOf(stub)).map((run) => run.what)).toEqual(["record", "onAlarm"]);
    // onAlarm sets an alarm of its own, earlier than the next task: kept.
    await stub.wakeAgainIn(600_000);
    const before = Date.now();
    await runDurableObjectAlarm(stub);
    const { alarm } = await alarmAndEarliest(stub);
    expect(alarm! - before).toBeGreaterThanOrEqual(600_000);
    expect(alarm!).toBeLessThan(later.runAt.getTime());
    // Later than the next task: the task's time wins.
    await stub.wakeAgainIn(5 * HOUR);
    await runDurableObjectAlarm(stub);
    expect((await alarmAndEarliest(stub)).alarm).toBe(later.runAt.getTime());
    expect((await runsOf(stub)).map((run) => run.what)).toEqual(["record", "onAlarm", "onAlarm", "onAlarm"]);
  });

  it("keeps an earlier alarm set from a request when scheduling, and replaces it at a cancel (documented: schedule a task instead)", async () => {
    const stub = scheduleStub();
    expect(await (await stub.fetch("https://app/alarm")).text()).toBe("set");
    const own = (await alarmAndEarliest(stub)).alarm!;
    const later = await inObject(stub, (state) => jobs.schedule(state, new Date(own + HOUR), "record", null));
    expect((await alarmAndEarliest(stub)).alarm).toBe(own);
    const sooner = await inObject(stub, (state) => jobs.schedule(state, new Date(own - HOUR / 2), "record", null));
    expect((await alarmAndEarliest(stub)).alarm).toBe(sooner.runAt.getTime());
    await inObject(stub, (state) => jobs.cancel(state, sooner.id));
    expect((await alarmAndEarliest(stub)).alarm).toBe(later.runAt.getTime());
  });

  it("lets a task schedule more work and reach the object's state", async () => {
    const stub = scheduleStub();
    await inObject(stub, async (state) => {
      await jobs.schedule(state, new Date(0), "nested", { label: "outer" });
      await jobs.schedule(state, new Date(0), "state", null);
    });
    for (let wake = 0; wake < 3; wake++) await runDurableObjectAlarm(stub);
    const runs = (await runsOf(stub)).filter((run) => run.what !== "onAlarm");
    expect(runs.map((run) => `${run.what} ${run.payload}`)).toEqual([
      'nested {"label":"outer"}',
      'state {"sockets":0,"same":"function"}',
      'record {"from":"outer"}',
    ]);
    expect(await rowsOf(stub)).toEqual([]);
  });
});
