import { env } from "cloudflare:workers";
import { expect } from "vitest";

/** The test's end of an accepted socket: messages in arrival order, and how it closed. */
export interface Client {
  readonly ws: WebSocket;
  /** The next message not yet taken (text, or `binary:<bytes>`). */
  next(): Promise<string>;
  /** Sends `message`, then takes the next message. */
  ask(message: string): Promise<string>;
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** Accepts the client end of a 101 response and queues what arrives on it. */
export function clientOf(response: Response): Client {
  expect(response.status).toBe(101);
  const ws = response.webSocket;
  if (!ws) throw new Error("a 101 without a webSocket");
  ws.accept();
  const queue: string[] = [];
  const waiting: ((message: string) => void)[] = [];
  ws.addEventListener("message", ({ data }) => {
    const text = typeof data === "string" ? data : `binary:${(data as ArrayBuffer).byteLength}`;
    const waiter = waiting.shift();
    if (waiter) waiter(text);
    else queue.push(text);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener("close", ({ code, reason }) => resolve({ code, reason })),
  );
  const next = () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise<string>((resolve) => waiting.push(resolve)));
  return {
    ws,
    next,
    ask(message) {
      ws.send(message);
      return next();
    },
    closed,
  };
}

let counter = 0;
/** A shard name no other test uses. */
export const freshShard = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${counter++}`;

/** The SocketsApp object of `shard` (no Access: addressed directly). */
export const socketsStub = (shard: string) => env.SOCKETS_APP.get(env.SOCKETS_APP.idFromName(shard));

/** Opens a socket on `stub` at `path` (default `/live`). */
export async function connect(stub: { fetch(request: Request): Promise<Response> }, path = "/live"): Promise<Client> {
  return clientOf(await stub.fetch(upgrade(path)));
}

/** An upgrade request for `path` with `init`'s headers added. */
export function upgrade(path: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (!headers.has("upgrade")) headers.set("upgrade", "websocket");
  return new Request(`https://app.test${path}`, { ...init, headers });
}
