import type { BenchEnv } from "./env.ts";

// The driver: runs inside the same workerd as the objects it measures and
// calls each side's worker fetch handler in-process, so no dev-server proxy
// sits in the timed path. workerd's clock only advances on I/O, so every
// timing brackets awaited stub calls (the request and its body read), and a
// sample is the mean of `per` sequential requests. Rounds interleave the
// variants, rotating which goes first, so drift and noise from other
// processes fall on all of them alike.

/** A worker's fetch handler, as the driver calls it. */
export interface Handler {
  fetch(request: Request, env: BenchEnv, ctx: ExecutionContext): Promise<Response>;
}

/** One timed unit of work. */
export type Op = () => Promise<void>;

export interface RunParams {
  readonly rounds: number;
  readonly per: number;
  readonly warmup: number;
}

/** Per variant, one number per round: ms per operation (mean over `per`). */
export type Samples = Record<string, number[]>;

/** Times `variants` in interleaved rounds; see the file comment. */
export async function interleave(variants: ReadonlyArray<readonly [string, Op]>, params: RunParams): Promise<Samples> {
  const samples: Samples = {};
  for (const [name, op] of variants) {
    samples[name] = [];
    for (let i = 0; i < params.warmup; i++) await op();
  }
  for (let round = 0; round < params.rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const [name, op] = variants[(round + k) % variants.length]!;
      const start = performance.now();
      for (let i = 0; i < params.per; i++) await op();
      samples[name]!.push((performance.now() - start) / params.per);
    }
  }
  return samples;
}

/** Sends one request through `worker` and reads the whole body; throws on an unexpected status. */
export async function send(
  worker: Handler,
  env: BenchEnv,
  ctx: ExecutionContext,
  request: Request,
  expect: number,
): Promise<ArrayBuffer> {
  const response = await worker.fetch(request, env, ctx);
  const body = await response.arrayBuffer();
  if (response.status !== expect) {
    const text = new TextDecoder().decode(body.slice(0, 500));
    throw new Error(`${request.method} ${new URL(request.url).pathname}: ${response.status} (expected ${expect}) ${text}`);
  }
  return body;
}

/** A request to the bench app for `tenant`, with the Access token when given. */
let rays = 0;

/**
 * A request as Cloudflare's edge hands it to the worker: with a `cf-ray`
 * (unique per request), which dorm uses as the request id instead of copying
 * the request to add one. `ray: false` leaves it out, as in local dev.
 */
export function benchRequest(
  path: string,
  tenant: string,
  init: { method?: string; json?: unknown; token?: string | undefined; ray?: boolean } = {},
): Request {
  const headers = new Headers({ "x-tenant": tenant });
  if (init.ray !== false) headers.set("cf-ray", `${(rays++).toString(16).padStart(16, "0")}-LHR`);
  if (init.token) headers.set("cf-access-jwt-assertion", init.token);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return new Request(`https://bench.test${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
  });
}
