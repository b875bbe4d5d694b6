import { DurableObject } from "cloudflare:workers";
import { defineApp, DurableApp } from "../src/index.ts";
import { migration } from "../src/migrations/index.ts";
import { scheduler } from "../src/schedule/index.ts";
import type { BenchEnv } from "./env.ts";
import type { RunParams, Samples } from "./driver.ts";

// The "schedule" figure: N schedules made one at a time (each moving the
// alarm when it is the earliest, as a request handler would), then the alarm
// firing all N in time order. dorm's scheduler against a hand-written alarm
// loop in a plain Durable Object: a jobs table, the alarm at the earliest row,
// due rows run and deleted. Each task writes one row on both sides.

/** What both objects offer the driver over RPC. */
interface AlarmBench {
  scheduleMany(n: number, base: number): Promise<void>;
  makeDue(): void;
  fire(): Promise<number>;
}

/** The schedule times of a round: N distinct seconds after `base`, scrambled. */
const timeOf = (i: number, n: number, base: number) => base + ((i * 7919) % n) * 1000;

/** Moves every pending time back so all are due, keeping their order. */
function shiftDue(sql: SqlStorage, table: string, where: string): void {
  const latest = sql.exec<{ t: number | null }>(`select max(run_at) as t from ${table}${where}`).one().t;
  if (latest !== null) sql.exec(`update ${table} set run_at = run_at - ?${where}`, latest - Date.now() + 1);
}

export class RawAlarmObject extends DurableObject<BenchEnv> implements AlarmBench {
  constructor(ctx: DurableObjectState, env: BenchEnv) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, run_at INTEGER NOT NULL, payload TEXT NOT NULL);" +
        "CREATE INDEX IF NOT EXISTS jobs_run_at ON jobs (run_at);" +
        "CREATE TABLE IF NOT EXISTS fired (i INTEGER NOT NULL);",
    );
  }

  async scheduleMany(n: number, base: number): Promise<void> {
    const { storage } = this.ctx;
    for (let i = 0; i < n; i++) {
      const at = timeOf(i, n, base);
      storage.sql.exec("insert into jobs (run_at, payload) values (?, ?)", at, JSON.stringify({ i }));
      const current = await storage.getAlarm();
      if (current === null || at < current) await storage.setAlarm(at);
    }
  }

  makeDue(): void {
    shiftDue(this.ctx.storage.sql, "jobs", "");
  }

  async fire(): Promise<number> {
    await this.alarm();
    return this.ctx.storage.sql.exec<{ n: number }>("select count(*) as n from fired").one().n;
  }

  override async alarm(): Promise<void> {
    const { storage } = this.ctx;
    const due = storage.sql.exec<{ id: number; payload: string }>("select id, payload from jobs where run_at <= ? order by run_at, id", Date.now()).toArray();
    for (const row of due) {
      const { i } = JSON.parse(row.payload) as { i: number };
      storage.sql.exec("insert into fired (i) values (?)", i);
      storage.sql.exec("delete from jobs where id = ?", row.id);
    }
    const next = storage.sql.exec<{ t: number | null }>("select min(run_at) as t from jobs").one().t;
    if (next === null) await storage.deleteAlarm();
    else await storage.setAlarm(next);
  }
}

const benchJobs = scheduler<BenchEnv>({
  tasks: {
    // The same statement as the raw side's, so the figure is the scheduler's own cost.
    work: (payload: { i: number }, { object }) => {
      object.storage.sql.exec("insert into fired (i) values (?)", payload.i);
    },
  },
});

const scheduleApp = defineApp<BenchEnv>({
  fetch: () => new Response(null, { status: 404 }),
  migrations: [migration("0001_fired.sql", "CREATE TABLE fired (i INTEGER NOT NULL);")],
  schedule: benchJobs,
});

export class ScheduleBenchApp extends DurableApp<BenchEnv> implements AlarmBench {
  static override app = scheduleApp;

  async scheduleMany(n: number, base: number): Promise<void> {
    for (let i = 0; i < n; i++) await benchJobs.schedule(this.ctx, new Date(timeOf(i, n, base)), "work", { i });
  }

  makeDue(): void {
    shiftDue(this.ctx.storage.sql, "dorm_schedules", " where status = 'pending'");
  }

  async fire(): Promise<number> {
    // The scheduler's alarm handler, as workerd would call it: again while
    // tasks are due (it runs at most 256 per wake-up, then asks to be woken at once).
    const due = () => this.ctx.storage.sql.exec<{ n: number }>("select count(*) as n from dorm_schedules where status = 'pending'").one().n;
    while (due() > 0) await (this as unknown as { alarm(): Promise<void> }).alarm();
    return this.ctx.storage.sql.exec<{ n: number }>("select count(*) as n from fired").one().n;
  }
}

/**
 * Per round, a fresh object on each side: `n` schedules (timed), then all of
 * them made due (not timed) and fired (timed): one alarm call on the raw side,
 * one per 256 tasks on dorm's.
 */
export async function scheduleFigure(env: BenchEnv, params: RunParams & { rows: number }): Promise<Samples> {
  const n = params.rows;
  const sides = [
    ["raw", (name: string) => env.RAW_ALARM.get(env.RAW_ALARM.idFromName(name)) as unknown as AlarmBench],
    ["dorm", (name: string) => env.SCHEDULE_APP.get(env.SCHEDULE_APP.idFromName(name)) as unknown as AlarmBench],
  ] as const;
  const samples: Samples = { "schedule-raw": [], "schedule-dorm": [], "fire-raw": [], "fire-dorm": [] };
  const run = Date.now().toString(36);
  for (let round = -params.warmup; round < params.rounds; round++) {
    for (let k = 0; k < sides.length; k++) {
      const [side, open] = sides[(round + params.warmup + k) % sides.length]!;
      const stub = open(`sched-${run}-${round + params.warmup}`);
      // Created (and, for dorm, migrated) before the clock starts.
      await stub.makeDue();
      const base = Date.now() + 3_600_000;
      let start = performance.now();
      await stub.scheduleMany(n, base);
      const scheduled = performance.now() - start;
      await stub.makeDue();
      start = performance.now();
      const fired = await stub.fire();
      const firing = performance.now() - start;
      if (fired !== n) throw new Error(`${side} fired ${fired} of ${n}`);
      if (round >= 0) {
        samples[`schedule-${side}`]!.push(scheduled);
        samples[`fire-${side}`]!.push(firing);
      }
    }
  }
  return samples;
}
