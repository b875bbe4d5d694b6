import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConfigError, defineApp } from "../../../src/index.ts";
import { access } from "../../../src/access/index.ts";
import { scheduler } from "../../../src/schedule/index.ts";
import { sockets } from "../../../src/sockets/index.ts";

let count = 0;
const stub = () => env.FEATURE_APP.get(env.FEATURE_APP.idFromName(`feature-${Date.now()}-${count++}`));
const events = async (s: ReturnType<typeof stub>) => (await (await s.fetch("https://app/events")).json<{ what: string }[]>()).map((e) => e.what);

describe("features that live in the object (the core's promise to dorm/sockets and dorm/schedule)", () => {
  it("apply their built-in migrations before the app's", async () => {
    const s = stub();
    expect(await events(s)).toEqual([]);
    const ledger = await runInDurableObject(s, (_, state) =>
      state.storage.sql.exec<{ name: string }>("select kind || ' ' || name as name from _dorm_migrations order by applied_at, rowid").toArray().map((r) => r.name),
    );
    expect(ledger).toEqual(["builtin 0001_probe.sql", "app 0001_app.sql"]);
  });

  it("serve the alarm as the object's own, and onAlarm still runs beside it", async () => {
    const s = stub();
    expect(await (await s.fetch("https://app/arm")).text()).toBe("armed");
    expect(await runDurableObjectAlarm(s)).toBe(true);
    expect(await events(s)).toEqual(["alarm", "onAlarm"]);
  });

  it("serve hibernatable WebSocket events, again after the object was evicted", async () => {
    const s = stub();
    const res = await s.fetch("https://app/ws", { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const next = () => new Promise<string>((resolve) => ws.addEventListener("message", (e) => resolve(String(e.data)), { once: true }));
    let reply = next();
    ws.send("one");
    expect(await reply).toBe("echo:one");
    // A new instance of the object (as after hibernation) attaches the feature again.
    await evictDurableObject(s);
    reply = next();
    ws.send("two");
    expect(await reply).toBe("echo:two");
    expect(await events(s)).toEqual(["message", "message"]);
    ws.close();
  });

  it("mount together with Access: dorm's built-in migration numbers never collide, users before schedules", () => {
    const app = defineApp({
      fetch: () => new Response(),
      access: access({ teamName: "acme" }),
      sockets: sockets(),
      schedule: scheduler({ tasks: { ping: async () => {} } }),
    });
    expect(app.migrations.builtin.map((m) => m.name)).toEqual(["0001_dorm_users.sql", "0100_dorm_schedules.sql"]);
  });

  it("are refused at defineApp when they do not come from a dorm feature", () => {
    for (const bad of [{}, { attach: 1 }, "sockets", 42]) {
      expect(() => defineApp({ fetch: () => new Response(), sockets: bad as never })).toThrow(ConfigError);
      expect(() => defineApp({ fetch: () => new Response(), schedule: bad as never })).toThrow(/schedule: must come from dorm\/schedule/);
    }
  });
});
