import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { byHeader, createWorker } from "../../../src/index.ts";
import { d1Mode } from "../../../src/d1/index.ts";
import type { ScheduleRow } from "../../../src/schedule/index.ts";
import { jobs, scheduleApp } from "../fixtures/schedule-app.ts";
import { captureConsole } from "../router/helpers.ts";
import { inObject, scheduleStub } from "./helpers.ts";

const HOUR = 3_600_000;

describe("list", () => {
  it("pages through every schedule soonest first, each once, of one status or both", async () => {
    const stub = scheduleStub();
    const base = Date.now() + HOUR;
    await inObject(stub, async (state) => {
      // Two schedules per time: the cursor must separate equal times by id.
      for (let i = 0; i < 120; i++) await jobs.schedule(state, new Date(base + Math.floor(i / 2) * 1000), "record", { i });
      state.storage.sql.exec("update dorm_schedules set status = 'failed', last_error = 'boom' where id % 10 = 0");
    });
    const pages = await inObject(stub, async (state) => {
      const seen: ScheduleRow[][] = [];
      let cursor: string | undefined;
      do {
        const page = await jobs.list(state, { limit: 50, ...(cursor && { cursor }) });
        seen.push([...page.schedules]);
        cursor = page.cursor ?? undefined;
      } while (cursor);
      return seen;
    });
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
    const rows = pages.flat();
    expect(rows.map((row) => (row.payload as { i: number }).i)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(rows[0]).toMatchObject({ task: "record", key: null, cron: null, attempts: 0, maxAttempts: 3, status: "pending", lastError: null, shard: expect.any(String) });
    expect(Date.parse(rows[0]!.runAt)).toBe(base);
    const failed = await inObject(stub, (state) => jobs.list(state, { status: "failed", limit: 100 }));
    expect(failed.schedules.map((row) => row.id)).toEqual(rows.filter((row) => row.id % 10 === 0).map((row) => row.id));
    expect(failed.cursor).toBe(null);
    expect((await inObject(stub, (state) => jobs.list(state, { status: "pending", limit: 100 }))).schedules).toHaveLength(100);
    // Default page: 50.
    expect((await inObject(stub, (state) => jobs.list(state))).schedules).toHaveLength(50);
  });

  it("refuses a bad limit, status or cursor", async () => {
    await inObject(scheduleStub(), async (state) => {
      const refusal = async (options: unknown) => {
        try {
          await jobs.list(state, options as never);
        } catch (error) {
          return `${(error as Error).name} ${(error as { code: string }).code}`;
        }
        return "listed";
      };
      for (const limit of [0, 101, 2.5, "10", Number.NaN]) expect(await refusal({ limit }), String(limit)).toBe("ConfigError invalid_config");
      for (const status of ["done", "", 1]) expect(await refusal({ status })).toBe("ConfigError invalid_config");
      for (const cursor of ["", "x", "1:2:3", "1:", ":1", "-1:1", "1".repeat(17) + ":1", 5, "1:2\n"]) {
        expect(await refusal({ cursor }), String(cursor)).toBe("ScheduleError invalid_cursor");
      }
      expect(await refusal(null)).toBe("ConfigError invalid_config");
      expect(await refusal({ cursor: "0:0" })).toBe("listed");
    });
  });
});

describe("in D1 mode (the app runs in the router worker: no object, no alarm)", () => {
  it("a handler that schedules answers 500 and the log says to use Cron Triggers", async () => {
    const worker = createWorker<Cloudflare.Env>({ d1: d1Mode({ autoMigrate: true }), app: scheduleApp, shard: byHeader("x-tenant", { default: "default" }) });
    const errors = captureConsole("error");
    let response: Response;
    try {
      const ctx = createExecutionContext();
      response = await worker.fetch(new Request("https://app/schedule", { method: "POST", body: JSON.stringify({ delay: 60, task: "record" }) }), env, ctx);
      await waitOnExecutionContext(ctx);
    } finally {
      errors.restore();
    }
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: "internal_error" });
    expect(errors.lines.join("\n")).toMatch(/schedule: needs the Durable Object .* in D1 mode ctx\.object is null; run timed work from the worker's Cron Triggers/);
  });

  it("timed work runs from a Cron Trigger beside the router's fetch, as docs/schedule.md shows", async () => {
    const worker = createWorker<Cloudflare.Env>({ d1: d1Mode({ autoMigrate: true }), app: scheduleApp, shard: byHeader("x-tenant", { default: "default" }) });
    const composed = {
      fetch: worker.fetch,
      async scheduled(controller: ScheduledController, testEnv: Cloudflare.Env, ctx: ExecutionContext) {
        ctx.waitUntil(testEnv.DB.prepare("insert into runs (what, due) values ('cron', ?)").bind(controller.scheduledTime).run());
      },
    };
    // The router, detached from the worker object, still serves (and migrates D1 first).
    let ctx = createExecutionContext();
    const listed = await composed.fetch(new Request("https://app/runs"), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(listed.status).toBe(200);
    ctx = createExecutionContext();
    const scheduledTime = Date.UTC(2030, 0, 1, 9);
    await composed.scheduled(createScheduledController({ scheduledTime, cron: "0 9 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    ctx = createExecutionContext();
    const runs = await (await composed.fetch(new Request("https://app/runs"), env, ctx)).json<{ what: string; due: number }[]>();
    await waitOnExecutionContext(ctx);
    expect(runs.filter((run) => run.what === "cron").map((run) => run.due)).toEqual([scheduledTime]);
  });
});
