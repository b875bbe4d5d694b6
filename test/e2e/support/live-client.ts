import WebSocket from "ws";

/** An open WebSocket of the demo's `GET /notes/live`: its messages in order, and how it closed. */
export interface LiveClient {
  /** The next message, parsed as JSON. */
  next(): Promise<unknown>;
  /** The next message as text. */
  nextText(): Promise<string>;
  send(message: string): void;
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** What a refused upgrade answered instead of 101. */
export interface Refusal {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Opens `path` of `baseUrl` as a WebSocket with `headers` (the tenant, a
 * token): the client once the server answers 101, or the refusal's status
 * and JSON body when it answers anything else.
 */
export function openLive(baseUrl: string, headers: Record<string, string>, path = "/notes/live"): Promise<LiveClient | Refusal> {
  const ws = new WebSocket(baseUrl.replace(/^http/, "ws") + path, { headers });
  const queue: string[] = [];
  const waiting: ((message: string) => void)[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: String(reason) })));
  const nextText = () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise<string>((taken) => waiting.push(taken)));
  ws.on("message", (data) => {
    const message = String(data);
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  return new Promise((resolve, reject) => {
    ws.once("open", () =>
      resolve({
        next: async () => JSON.parse(await nextText()) as unknown,
        nextText,
        send: (message) => ws.send(message),
        closed,
        close: () => ws.close(1000),
      }),
    );
    ws.once("unexpected-response", (_request, response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += String(chunk)));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, body: text === "" ? null : JSON.parse(text) });
        ws.terminate();
      });
    });
    ws.once("error", reject);
  });
}

/** The client, or a failed expectation naming what the server answered. */
export function opened(outcome: LiveClient | Refusal): LiveClient {
  if ("status" in outcome) throw new Error(`expected 101, got ${outcome.status} ${JSON.stringify(outcome.body)}`);
  return outcome;
}
