import type { BenchEnv } from "./env.ts";
import { interleave } from "./driver.ts";
import type { Handler, Op, RunParams, Samples } from "./driver.ts";
import { dormSocketWorker, rawSocketWorker } from "./sockets-objects.ts";
import type { BenchSocketsApp, RawSocketObject } from "./sockets-objects.ts";

// The sockets figures: an echo round trip, a broadcast to 100 sockets, and
// the work of a wake-up, each dorm against the hand-written hibernating
// object (bench/sockets-objects.ts). The clients are the driver's ends of
// the sockets, in the same workerd, so a round trip has no network in it.

type Params = RunParams & { rows: number };
type Figure = (env: BenchEnv, ctx: ExecutionContext, params: Params) => Promise<{ figure: string; unit: string; params: Params; samples: Samples }>;

const RECEIVERS = 100;
const SIDES: [string, Handler][] = [["raw", rawSocketWorker], ["dorm", dormSocketWorker]];

/** The driver's end of a socket: a promise of the next `count` messages. */
interface End {
  readonly ws: WebSocket;
  receive(count: number): Promise<void>;
}

async function open(worker: Handler, env: BenchEnv, ctx: ExecutionContext, tenant: string): Promise<End> {
  const request = new Request("https://bench.test/live", { headers: { "x-tenant": tenant, upgrade: "websocket" } });
  const response = await worker.fetch(request, env, ctx);
  const ws = response.webSocket;
  if (response.status !== 101 || !ws) throw new Error(`upgrade for ${tenant}: ${response.status} ${await response.text()}`);
  ws.accept();
  let pending = 0;
  let done: (() => void) | null = null;
  ws.addEventListener("message", () => {
    if (--pending === 0) done?.();
  });
  return {
    ws,
    receive(count) {
      pending = count;
      return new Promise((resolve) => (done = resolve));
    },
  };
}

const run = `${Date.now().toString(36)}`;

export const SOCKET_FIGURES: Record<string, Figure> = {
  /** One message and its echo on one open socket. */
  async echo(env, ctx, params) {
    const variants: [string, Op][] = [];
    for (const [name, worker] of SIDES) {
      const end = await open(worker, env, ctx, `echo-${run}-${name}`);
      variants.push([name, async () => {
        const received = end.receive(1);
        end.ws.send("x");
        await received;
      }]);
    }
    return { figure: "echo", unit: "ms/round trip", params, samples: await interleave(variants, params) };
  },

  /** One "all:" message fanned out to the 100 other sockets of its shard, until all have it. */
  async broadcast(env, ctx, params) {
    const variants: [string, Op][] = [];
    for (const [name, worker] of SIDES) {
      const tenant = `broadcast-${run}-${name}`;
      const sender = await open(worker, env, ctx, tenant);
      const receivers: End[] = [];
      for (let i = 0; i < RECEIVERS; i++) receivers.push(await open(worker, env, ctx, tenant));
      variants.push([name, async () => {
        const received = Promise.all(receivers.map((end) => end.receive(1)));
        sender.ws.send("all:m");
        await received;
      }]);
    }
    return { figure: "broadcast", unit: `ms/broadcast to ${RECEIVERS}`, params, samples: await interleave(variants, params) };
  },

  /**
   * What a woken object does before the first message, timed inside each
   * object (a wake-up itself cannot be forced here): the raw object's schema
   * statement and auto-response; dorm's constructor work with and without
   * the migration check.
   */
  async wake(env, ctx, params) {
    const raw = env.RAW_SOCKETS.get(env.RAW_SOCKETS.idFromName(`wake-${run}`)) as unknown as DurableObjectStub<RawSocketObject>;
    const dorm = env.APP_SOCKETS.get(env.APP_SOCKETS.idFromName(`wake-${run}`)) as unknown as DurableObjectStub<BenchSocketsApp>;
    const samples: Samples = { raw: [], dorm: [], "dorm-no-check": [] };
    await raw.wakeWork(params.warmup);
    await dorm.wakeWork(params.warmup, true);
    for (let round = 0; round < params.rounds; round++) {
      samples.raw!.push((await raw.wakeWork(params.per)) / params.per);
      samples.dorm!.push((await dorm.wakeWork(params.per, true)) / params.per);
      samples["dorm-no-check"]!.push((await dorm.wakeWork(params.per, false)) / params.per);
    }
    return { figure: "wake", unit: "ms/wake-up", params, samples };
  },
};
