import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { createWorker } from "../../../src/index.ts";
import type { RouterConfig } from "../../../src/index.ts";

/** What EchoObject answers: the request as the object saw it. */
export type Echo = {
  name: string | null;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
};

/** Runs one request through a router built from `config`, against `testEnv`. */
export async function route(
  config: Partial<RouterConfig<unknown>> & Pick<RouterConfig<unknown>, "shard">,
  request: Request,
  testEnv: unknown = env,
): Promise<Response> {
  const worker = createWorker({ binding: "ECHO", ...config });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, testEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** A Response's JSON body, typed by the caller. */
export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** An error shaped like the runtime's Durable Object errors. */
export function runtimeError(message: string, flags: { retryable?: boolean; overloaded?: boolean }): Error {
  return Object.assign(new Error(message), flags);
}

/** Collects console lines of one level; a plain spy on console, not on any Cloudflare API. */
export function captureConsole(level: "error" | "warn"): { lines: string[]; restore(): void } {
  const original = console[level];
  const lines: string[] = [];
  console[level] = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  };
  return {
    lines,
    restore: () => {
      console[level] = original;
    },
  };
}
