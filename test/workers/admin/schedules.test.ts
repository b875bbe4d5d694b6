import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { byHeader, ring } from "../../../src/index.ts";
import { d1Mode } from "../../../src/d1/index.ts";
import type { ScheduleListing } from "../../../src/schedule/index.ts";
import { jobs, scheduleApp } from "../fixtures/schedule-app.ts";
import { inObject, scheduleStub } from "../schedule/helpers.ts";
import { adminRequest, adminStub, fresh, route } from "./helpers.ts";
import type { AdminBody } from "./helpers.ts";

const HOUR = 3_600_000;
const onSchedules = { binding: "SCHEDULE_APP", app: scheduleApp, shard: byHeader("x-tenant", { default: "default" }) };

/** A shard of the scheduler fixture with `count` schedules, one failed. */
async function shardWith(count: number): Promise<string> {
  const name = fresh("sched-admin");
  await inObject(scheduleStub(name), async (state) => {
    for (let i = 0; i < count; i++) await jobs.schedule(state, new Date(Date.now() + (i + 1) * HOUR), "record", { i }, { key: `k${i}` });
    state.storage.sql.exec("update dorm_schedules set status = 'failed', last_error = 'boom' where key = 'k0'");
  });
  return name;
}

describe("the schedules admin operation", () => {
  it("over RPC (dormAdmin): a page of the object's schedules, as data", async () => {
    const name = await shardWith(3);
    const outcome = await scheduleStub(name).dormAdmin({ op: "schedules", input: { limit: 2 } });
    expect(outcome).toMatchObject({ ok: true, result: { cursor: expect.stringMatching(/^\d+:\d+$/) } });
    const { schedules } = (outcome as unknown as { result: ScheduleListing }).result;
    expect(schedules.map(({ key, status, lastError, shard }) => ({ key, status, lastError, shard }))).toEqual([
      { key: "k0", status: "failed", lastError: "boom", shard: name },
      { key: "k1", status: "pending", lastError: null, shard: name },
    ]);
    // No input: the first page.
    expect(await scheduleStub(name).dormAdmin({ op: "schedules" })).toMatchObject({ ok: true, result: { cursor: null } });
    // Hostile input over RPC is refused as data, with the code.
    for (const input of [{ limit: "x" }, { limit: 1e9 }, { status: "gone" }, "input", 7]) {
      expect(await scheduleStub(name).dormAdmin({ op: "schedules", input } as never), JSON.stringify(input)).toMatchObject({ ok: false, error: { code: "invalid_config" } });
    }
    expect(await scheduleStub(name).dormAdmin({ op: "schedules", input: { cursor: "../../etc" } })).toMatchObject({ ok: false, error: { code: "invalid_cursor" } });
  });

  it("over HTTP: GET /_dorm/admin/schedules?shard=&limit=&cursor=&status=, paged", async () => {
    const name = await shardWith(5);
    const first = await route(onSchedules, adminRequest(`schedules?shard=${name}&limit=3`));
    expect(first.status).toBe(200);
    const body = await first.json<AdminBody>();
    expect(body).toMatchObject({ op: "schedules", ok: true, results: [{ shard: name, engine: "do", ok: true }] });
    const page = body.results[0]!.ok ? (body.results[0]!.result as ScheduleListing) : null;
    expect(page!.schedules.map((s) => s.key)).toEqual(["k0", "k1", "k2"]);
    const rest = await (await route(onSchedules, adminRequest(`schedules?shard=${name}&limit=3&cursor=${page!.cursor}`))).json<AdminBody>();
    expect(rest.results[0]).toMatchObject({ ok: true, result: { schedules: [{ key: "k3" }, { key: "k4" }], cursor: null } });
    const failed = await (await route(onSchedules, adminRequest(`schedules?shard=${name}&status=failed`))).json<AdminBody>();
    expect(failed.results[0]).toMatchObject({ ok: true, result: { schedules: [{ key: "k0", status: "failed" }], cursor: null } });
  });

  it("over HTTP: every shard of a ring, each with its own schedules", async () => {
    const prefix = fresh("ring");
    const shard = ring({ shards: 2, prefix: `${prefix}-`, key: (request) => request.headers.get("x-user") ?? "" });
    for (const i of [0, 1]) {
      await inObject(scheduleStub(`${prefix}-${i}`), (state) => jobs.schedule(state, new Date(Date.now() + HOUR), "record", { i }));
    }
    const body = await (await route({ ...onSchedules, shard }, adminRequest("schedules"))).json<AdminBody>();
    expect(body.results.map((r) => [r.shard, r.ok && (r.result as ScheduleListing).schedules.map((s) => s.payload)])).toEqual([
      [`${prefix}-0`, [{ i: 0 }]],
      [`${prefix}-1`, [{ i: 1 }]],
    ]);
  });

  it("refuses wrong, hostile or oversized input with 400 invalid_input before any shard", async () => {
    for (const query of ["limit=0", "limit=101", "limit=abc", "limit=1e2", "limit=-1", "limit=" + "9".repeat(400), "status=done", "status=", "cursor=<script>", "cursor=" + "1".repeat(41), "cursor=1%0a2"]) {
      const response = await route(onSchedules, adminRequest(`schedules?shard=${fresh("nobody")}&${query}`));
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toMatchObject({ error: "invalid_input", message: `bad ${query.split("=")[0]}` });
    }
    // A cursor of the right characters but not a cursor: the shard says so.
    const odd = await route(onSchedules, adminRequest(`schedules?shard=${fresh("odd")}&cursor=1:2:3`));
    expect(odd.status).toBe(500);
    expect((await odd.json<AdminBody>()).results[0]).toMatchObject({ ok: false, error: { code: "invalid_cursor" } });
    // Another method, no token, a bad shard name.
    const post = await route(onSchedules, adminRequest("schedules", { method: "POST" }));
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET"]);
    expect((await route(onSchedules, adminRequest("schedules", { headers: { authorization: "Bearer wrong-token-wrong-token" } }))).status).toBe(401);
    expect((await route(onSchedules, adminRequest("schedules?shard=Not%20Valid"))).status).toBe(400);
  });

  it("answers not_available for an app without a scheduler, and in D1 mode", async () => {
    const name = fresh("plain");
    await adminStub(name).migrate();
    const plain = await route({ shard: byHeader("x-tenant", { default: name }) }, adminRequest("schedules"));
    expect(plain.status).toBe(500);
    const body = await plain.json<AdminBody>();
    expect(body.results[0]).toMatchObject({ ok: false, error: { code: "not_available", message: expect.stringMatching(/dorm\/schedule/) } });
    const d1 = await route({ ...onSchedules, d1: d1Mode() }, adminRequest("schedules"), { ...env });
    expect((await d1.json<AdminBody>()).results[0]).toMatchObject({ engine: "d1", ok: false, error: { code: "not_available", message: expect.stringMatching(/not in D1 mode/) } });
  });
});
