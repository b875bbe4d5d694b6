import { DurableObject } from "cloudflare:workers";
import { byHeader, createWorker, defineApp, DurableApp } from "../src/index.ts";
import type { AppContext } from "../src/index.ts";
import { createDoDatabase } from "../src/db/do-database.ts";
import { migrateDo } from "../src/migrations/do-apply.ts";
import { acceptSocket, broadcast, sockets } from "../src/sockets/index.ts";
import { migrations } from "../examples/notes/migrations/manifest.ts";
import type { BenchEnv } from "./env.ts";
import { SCHEMA } from "./raw.ts";

// The sockets figures' two sides, the same protocol on each: "all:<text>"
// is sent to every other socket of the shard, anything else echoed back.
// The reference is a hibernating Durable Object written by hand (accept
// with tags, the shard in the attachment, webSocketMessage); dorm's side is
// a DurableApp with the demo's migrations and dorm/sockets, behind createWorker.

const PONG = new WebSocketRequestResponsePair("ping", "pong");

export class RawSocketObject extends DurableObject<BenchEnv> {
  constructor(ctx: DurableObjectState, env: BenchEnv) {
    super(ctx, env);
    // What a hand-written object does on every start, a wake-up included.
    ctx.storage.sql.exec(SCHEMA);
    ctx.setWebSocketAutoResponse(PONG);
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade") !== "websocket") return new Response("upgrade required", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ shard: this.ctx.id.name });
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    if (typeof message === "string" && message.startsWith("all:")) {
      const text = message.slice(4);
      for (const other of this.ctx.getWebSockets()) if (other !== ws) other.send(text);
    } else {
      ws.send(message);
    }
  }

  /**
   * Wake figure: ms for `n` runs of what the constructor does, timed in here.
   * Awaited each time, as dorm's side is: workerd's clock stands still
   * through synchronous code.
   */
  async wakeWork(n: number): Promise<number> {
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      this.ctx.storage.sql.exec(SCHEMA);
      this.ctx.setWebSocketAutoResponse(PONG);
      await Promise.resolve();
    }
    return performance.now() - start;
  }
}

export const rawSocketWorker = {
  fetch(request: Request, env: BenchEnv): Promise<Response> {
    return env.RAW_SOCKETS.get(env.RAW_SOCKETS.idFromName(request.headers.get("x-tenant") ?? "default")).fetch(request);
  },
};

const benchSockets = sockets<BenchEnv>({
  message(connection, message, scope) {
    if (typeof message === "string" && message.startsWith("all:")) broadcast(scope, message.slice(4), { except: connection });
    else connection.send(message);
  },
});

const socketsApp = defineApp<BenchEnv>({
  migrations,
  sockets: benchSockets,
  fetch: (request: Request, ctx: AppContext<BenchEnv>) => acceptSocket(request, ctx),
});

export class BenchSocketsApp extends DurableApp<BenchEnv> {
  static override app = socketsApp;

  /**
   * Wake figure: ms for `n` runs of what DurableApp's constructor does on a
   * wake-up: the database wrapper, the features attached, and the migration
   * check against the ledger (`check: false` leaves it out, to show its share).
   */
  async wakeWork(n: number, check: boolean): Promise<number> {
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const db = createDoDatabase(this.ctx.storage);
      for (const feature of socketsApp.objectFeatures) feature.attach({ ctx: this.ctx, env: this.env, db, onAlarm: () => {} });
      if (check) await migrateDo(this.ctx.storage, socketsApp.migrations);
    }
    return performance.now() - start;
  }
}

export const dormSocketWorker = createWorker<BenchEnv>({ binding: "APP_SOCKETS", shard: byHeader("x-tenant", { default: "default" }), app: socketsApp });
